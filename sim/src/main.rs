//! `backup-sim [options]`: see `--help`.

#[tokio::main]
async fn main() {
    let config = match backup_sim::config::SimConfig::from_args(std::env::args().skip(1)) {
        Ok(c) => c,
        Err(msg) => {
            eprintln!("{msg}");
            std::process::exit(if msg.starts_with("backup-sim:") { 0 } else { 2 });
        }
    };
    if let Err(e) = backup_sim::serve(config).await {
        eprintln!("backup-sim: {e}");
        std::process::exit(1);
    }
}
