//! Prints a dev JWT for `wrangler dev` (`make token TENANT=.. SUB=..`). The secret is `JWT_SECRET` from the
//! environment, else the dev secret in `.dev.vars`.

use crego_api_tests::TokenBuilder;
use std::process::ExitCode;

const USAGE: &str =
    "usage: mint-token --tenant <tenant_id> --sub <user_id> [--scope \"a b\"] [--ttl-seconds N]

  --tenant        tenant_id claim, ^[A-Za-z0-9._-]{1,64}$
  --sub           sub claim (the user id written to created_by/updated_by)
  --scope         space-separated scopes, e.g. \"contacts:approve\"
  --ttl-seconds   lifetime in seconds (default 3600)

Signs HS256 with $JWT_SECRET (default: the dev secret); iss \"crego-dev\", aud \"crego-contact-api\".";

struct Args {
    tenant: String,
    sub: String,
    scope: Option<String>,
    ttl_seconds: i64,
}

fn parse(mut raw: impl Iterator<Item = String>) -> Result<Args, String> {
    let (mut tenant, mut sub, mut scope, mut ttl) = (None, None, None, 3600);
    while let Some(arg) = raw.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        if flag == "-h" || flag == "--help" {
            return Err(String::new());
        }
        if !["--tenant", "--sub", "--scope", "--ttl-seconds"].contains(&flag.as_str()) {
            return Err(format!("unknown argument {flag:?}"));
        }
        let value = match inline.or_else(|| raw.next()) {
            Some(v) => v,
            None => return Err(format!("{flag} needs a value")),
        };
        match flag.as_str() {
            "--tenant" => tenant = Some(value),
            "--sub" => sub = Some(value),
            "--scope" => scope = Some(value),
            "--ttl-seconds" => {
                ttl = value
                    .parse::<i64>()
                    .map_err(|_| format!("--ttl-seconds must be an integer, got {value:?}"))?;
            }
            _ => unreachable!("checked above"),
        }
    }
    let tenant = tenant.filter(|t| !t.is_empty()).ok_or("--tenant is required")?;
    let sub = sub.filter(|s| !s.is_empty()).ok_or("--sub is required")?;
    let tenant_ok = tenant.len() <= 64
        && tenant
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
    if !tenant_ok {
        return Err(format!("--tenant {tenant:?} must match ^[A-Za-z0-9._-]{{1,64}}$"));
    }
    Ok(Args {
        tenant,
        sub,
        scope,
        ttl_seconds: ttl,
    })
}

fn main() -> ExitCode {
    match parse(std::env::args().skip(1)) {
        Ok(args) => {
            let mut builder = TokenBuilder::new(&args.tenant, &args.sub).ttl_seconds(args.ttl_seconds);
            if let Some(scope) = &args.scope {
                builder = builder.scope(scope);
            }
            println!("{}", builder.mint());
            ExitCode::SUCCESS
        }
        Err(message) if message.is_empty() => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("mint-token: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
