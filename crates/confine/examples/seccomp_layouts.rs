//! Prints what loading the fork-child seccomp filters and a checked syscall cost, laid out as a
//! binary search and as seccompiler's chain: `cargo run --release -p verdict-confine --example
//! seccomp_layouts [ROUNDS] [CALLS]`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let rounds = args.next().map(|a| a.parse()).transpose()?.unwrap_or(200);
    let calls = args.next().map(|a| a.parse()).transpose()?.unwrap_or(20_000);
    let c = verdict_confine::loadtime::compare_layouts(rounds, calls)?;
    println!("{} rounds, {} checked calls a child; medians", c.rounds, calls);
    println!(
        "load   laid out {:>8.1} us ({} insns)   chain {:>8.1} us ({} insns)   ratio {:.2}",
        c.laid_out.load.as_secs_f64() * 1e6,
        c.laid_out_instructions,
        c.chain.load.as_secs_f64() * 1e6,
        c.chain_instructions,
        c.chain.load.as_secs_f64() / c.laid_out.load.as_secs_f64()
    );
    println!(
        "prctl  laid out {:>8.1} ns   chain {:>8.1} ns   no filter {:>8.1} ns",
        c.laid_out.checked_call.as_secs_f64() * 1e9,
        c.chain.checked_call.as_secs_f64() * 1e9,
        c.unfiltered_call.as_secs_f64() * 1e9
    );
    // The floor: a program that allows everything, loaded the same way.
    use verdict_boxspec::plan::pack_instruction;
    let allow_all = vec![vec![pack_instruction(0x06, 0, 0, 0x7fff_0000)]];
    let mut loads: Vec<f64> = (0..rounds)
        .map(|_| verdict_confine::loadtime::time_in_child(&allow_all, 1).map(|t| t.load.as_secs_f64() * 1e6))
        .collect::<Result<_, _>>()?;
    loads.sort_by(f64::total_cmp);
    println!("load   one-instruction allow-all program {:>8.1} us (the floor)", loads[loads.len() / 2]);
    Ok(())
}
