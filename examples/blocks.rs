//! Prints the blocks (lines and table sizes) the table stage sees in a file:
//! `cargo run --example blocks -- FILE [PAGE]`.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bytes = std::fs::read(&args[1]).expect("readable file");
    let only: Option<u32> = args.get(2).and_then(|p| p.parse().ok());
    let doc = jixiao::extract::extract(&bytes, &Default::default(), &Default::default())
        .expect("extracts");
    for b in jixiao::table::blocks(&doc) {
        match b {
            jixiao::model::Block::Line(l) if only.is_none() || l.page == only => {
                println!("line p{:?}: {}", l.page, l.text)
            }
            jixiao::model::Block::Table(g)
                if only.is_none() || g.cells.first().and_then(|c| c.page) == only =>
            {
                println!(
                    "table p{:?}: {}x{}",
                    g.cells.first().and_then(|c| c.page),
                    g.rows,
                    g.cols
                )
            }
            _ => {}
        }
    }
}
