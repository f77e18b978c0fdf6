export default function Page() {
  return <h1>GPUs</h1>;
}
