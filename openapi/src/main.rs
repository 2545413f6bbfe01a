//! Prints the OpenAPI document (`make openapi` writes it to `worker/openapi.json`, which the worker
//! embeds and serves at `GET /openapi.json`).

fn main() {
    print!("{}", crego_openapi::json());
}
