export default function Page() {
  return <h1>Models</h1>;
}
