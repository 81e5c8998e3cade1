//! `fake-stripe --port 12111`: runs the fake Stripe API until killed.

use clap::Parser;
use fake_stripe::FakeStripe;

/// Fake Stripe API server for Ringledger's end-to-end tests.
#[derive(Debug, Parser)]
#[command(name = "fake-stripe", version, about)]
struct Args {
    /// Port to listen on at 127.0.0.1 (0 = any free port).
    #[arg(long, default_value_t = 12111)]
    port: u16,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let fake = FakeStripe::start(args.port).await?;
    println!("fake-stripe listening on {}", fake.base_url());
    tokio::signal::ctrl_c().await?;
    Ok(())
}
