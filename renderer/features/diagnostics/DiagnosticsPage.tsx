export default function Page() {
  return <h1>Diagnostics</h1>;
}
