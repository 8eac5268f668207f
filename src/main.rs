//! The command line: a thin layer over the jixiao library.

/// mimalloc: the pipeline allocates many small strings per cell; measured
/// faster than the system allocator on the text benchmark.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
mod cmd;

use clap::{CommandFactory, Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "jixiao",
    version,
    about = "Turns Chinese budget performance-target disclosures (项目支出预算绩效目标表, PDF or text) into merged JSON records, one per project.",
    after_help = "Exit codes: 0 no input failed; 1 some input failed; 2 usage error; 130 interrupted (SIGINT/SIGTERM)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Convert announcements (files or folders) into records.
    Convert(cmd::convert::ConvertArgs),
    /// Print every table found in the inputs, as JSON or CSV.
    Tables(cmd::tables::TablesArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff): `jixiao man > jixiao.1`.
    Man,
}

fn main() {
    // A panic inside one document is caught and reported as that document's
    // one-line failure; keep the default multi-line panic print for any
    // other thread (a bug in the batch itself).
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() != Some("jixiao-doc") {
            default_hook(info);
        }
    }));
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Convert(args) => cmd::convert::run(args),
        Command::Tables(args) => cmd::tables::run(args),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "jixiao", &mut std::io::stdout());
            Ok(cmd::EXIT_OK)
        }
        Command::Man => clap_mangen::Man::new(Cli::command())
            .render(&mut std::io::stdout())
            .map(|_| cmd::EXIT_OK)
            .map_err(Into::into),
    };
    let code = match code {
        Ok(code) => code,
        Err(e) if e.downcast_ref::<cmd::UsageError>().is_some() => {
            eprintln!("jixiao: error: {e}");
            cmd::EXIT_USAGE
        }
        Err(e) => {
            eprintln!("jixiao: {e:#}");
            cmd::EXIT_FAILED
        }
    };
    std::process::exit(code);
}
