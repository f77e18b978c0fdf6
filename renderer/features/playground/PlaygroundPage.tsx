export default function Page() {
  return <h1>Playground</h1>;
}
