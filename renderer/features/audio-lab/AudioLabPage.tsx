export default function Page() {
  return <h1>Audio lab</h1>;
}
