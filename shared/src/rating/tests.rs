//! Every rating rule of PRODUCT.md, and property tests against a
//! deliberately naive implementation written straight from the text.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::allowance::{Allowance, AllowancePool, Call, rate_calls};
use super::deck_csv::{parse_deck, write_deck};
use super::*;
use proptest::prelude::*;
use rust_decimal::{Decimal, RoundingStrategy};
use rust_decimal_macros::dec;

fn tariff(rate: Decimal, connect: Decimal, i: u32, s: u32) -> Tariff {
    Tariff::new(rate, connect, i, s).unwrap()
}

fn row(prefix: &str, rate: Decimal, connect: Decimal, i: u32, s: u32) -> Rate {
    Rate::new(
        prefix,
        &format!("dest {prefix}"),
        tariff(rate, connect, i, s),
    )
    .unwrap()
}

fn deck(rows: Vec<Rate>) -> Deck {
    Deck::new(rows).unwrap()
}

// ---- normalisation -------------------------------------------------------

#[test]
fn normalisation_drops_punctuation_then_one_international_prefix() {
    let n = |s: &str| normalize(s).map(|n| n.to_string());
    assert_eq!(n("+44 (20) 7946-0000"), Ok("442079460000".into()));
    assert_eq!(n("0044.20.7946.0000"), Ok("442079460000".into()));
    assert_eq!(n("00 44 20"), Ok("4420".into()));
    assert_eq!(
        n("+0044"),
        Ok("0044".into()),
        "only one of + or 00 is dropped"
    );
    assert_eq!(n("0000"), Ok("00".into()));
    assert_eq!(n("12345"), Ok("12345".into()));
    assert_eq!(n("123456789012345"), Ok("123456789012345".into()));
}

#[test]
fn invalid_destinations_are_rejected() {
    for bad in [
        "",
        "+",
        "00",
        "()",
        "1234567890123456",
        "+44a",
        "44#1",
        "++44",
        "4+4",
        "abc",
    ] {
        assert_eq!(
            normalize(bad),
            Err(RateError::InvalidDestination),
            "{bad:?}"
        );
    }
}

// ---- matching ------------------------------------------------------------

#[test]
fn the_longest_prefix_wins_and_no_match_is_no_rate() {
    let d = deck(vec![
        row("44", dec!(0.10), dec!(0), 60, 60),
        row("447", dec!(0.20), dec!(0), 60, 60),
        row("4479", dec!(0.30), dec!(0), 60, 60),
    ]);
    let prefix = |dest: &str| rate_call(&d, dest, 60).map(|r| r.rate.prefix.clone());
    assert_eq!(prefix("+44 7811 123456"), Ok("447".into()));
    assert_eq!(prefix("447911"), Ok("4479".into()));
    assert_eq!(prefix("4479"), Ok("4479".into()));
    assert_eq!(prefix("4420"), Ok("44".into()));
    assert_eq!(prefix("33"), Err(RateError::NoRate));
    assert_eq!(
        prefix("4"),
        Err(RateError::NoRate),
        "a prefix longer than the number does not match"
    );
    assert_eq!(prefix("x"), Err(RateError::InvalidDestination));
}

#[test]
fn duplicate_prefixes_are_refused_naming_both_rows() {
    let err = Deck::new(vec![
        row("44", dec!(0.1), dec!(0), 1, 1),
        row("33", dec!(0.1), dec!(0), 1, 1),
        row("44", dec!(0.2), dec!(0), 1, 1),
    ])
    .unwrap_err();
    assert_eq!((err.prefix.as_str(), err.first, err.second), ("44", 0, 2));
}

// ---- increments and charges ---------------------------------------------

#[test]
fn billable_seconds_follow_the_increments() {
    assert_eq!(billable_secs(0, 30, 6), 0);
    assert_eq!(billable_secs(-5, 30, 6), 0);
    assert_eq!(billable_secs(1, 30, 6), 30);
    assert_eq!(billable_secs(30, 30, 6), 30);
    assert_eq!(billable_secs(31, 30, 6), 36);
    assert_eq!(billable_secs(45, 30, 6), 48);
    assert_eq!(billable_secs(61, 60, 60), 120);
    assert_eq!(billable_secs(61, 1, 1), 61);
}

#[test]
fn the_product_example_45s_at_005_with_30_6_costs_00400() {
    let d = deck(vec![row("1", dec!(0.05), dec!(0), 30, 6)]);
    let r = rate_call(&d, "15551234567", 45).unwrap();
    assert_eq!(r.billable_secs, 48);
    assert_eq!(r.charge, dec!(0.0400));
    assert_eq!(r.charge.to_string(), "0.0400", "always 4 decimals");
}

#[test]
fn connect_fee_is_added_but_not_for_unanswered_calls() {
    let d = deck(vec![row("1", dec!(0.06), dec!(0.15), 60, 60)]);
    assert_eq!(rate_call(&d, "1555", 61).unwrap().charge, dec!(0.2700));
    let unanswered = rate_call(&d, "1555", 0).unwrap();
    assert_eq!((unanswered.billable_secs, unanswered.charge), (0, dec!(0)));
}

#[test]
fn rounding_happens_once_half_away_from_zero() {
    // 0.000150/min for 60 s = 0.00015 → 0.0002 (half away from zero).
    let d = deck(vec![row("1", dec!(0.00015), dec!(0), 60, 60)]);
    assert_eq!(rate_call(&d, "1", 60).unwrap().charge, dec!(0.0002));
    // 0.000149/min → 0.000149 → 0.0001.
    let d = deck(vec![row("1", dec!(0.000149), dec!(0), 60, 60)]);
    assert_eq!(rate_call(&d, "1", 60).unwrap().charge, dec!(0.0001));
    // Rounding once: 0.00004 connect + 0.00006/min*60s = 0.0001 exactly; rounding
    // each part first would give 0.0000 + 0.0001.
    let d = deck(vec![row("1", dec!(0.00006), dec!(0.00004), 60, 60)]);
    assert_eq!(rate_call(&d, "1", 60).unwrap().charge, dec!(0.0001));
    // 7 s at 1/1 of 0.01/min = 0.0011666… → 0.0012.
    let d = deck(vec![row("1", dec!(0.01), dec!(0), 1, 1)]);
    assert_eq!(rate_call(&d, "1", 7).unwrap().charge, dec!(0.0012));
}

// ---- allowances ------------------------------------------------------------

fn allowance(
    id: &str,
    priority: i32,
    kinds: &[ServiceKind],
    prefixes: &[&str],
    secs: u64,
) -> Allowance {
    Allowance {
        id: id.into(),
        priority,
        service_kinds: kinds.to_vec(),
        prefixes: prefixes.iter().map(|p| p.to_string()).collect(),
        remaining_secs: secs,
    }
}

fn call(id: &str, start: i64, service: ServiceKind, dest: &str, secs: i64) -> Call {
    Call {
        id: id.into(),
        start,
        service,
        destination: dest.into(),
        duration_secs: secs,
    }
}

#[test]
fn allowances_cover_calls_in_start_order_and_partial_calls_pay_connect_plus_rest() {
    use ServiceKind::*;
    let d = deck(vec![row("1", dec!(0.60), dec!(0.10), 60, 60)]);
    let mut pool = AllowancePool::new(vec![allowance("na", 1, &[CallingCard, Sip], &["1"], 150)]);
    let calls = vec![
        call("c", 300, Sip, "+1 555 0100", 120), // third: 30 s covered, 90 s paid
        call("a", 100, CallingCard, "15550100", 60), // first: covered
        call("b", 100, Sip, "15550100", 61),     // second (same start, id b): 120 s, 60 left
    ];
    let out = rate_calls(&d, &mut pool, &calls);
    let ids: Vec<&str> = out.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c"]);
    let detail = |i: usize| out[i].result.clone().unwrap();
    assert_eq!(
        (detail(0).covered_secs, detail(0).charge),
        (60, dec!(0)),
        "fully covered: no connect fee"
    );
    assert_eq!(
        (detail(1).covered_secs, detail(1).charge),
        (90, dec!(0.4000)),
        "0.10 + 0.60*30/60"
    );
    assert_eq!(
        (detail(2).covered_secs, detail(2).charge),
        (0, dec!(1.3000))
    );
    assert_eq!(pool.allowances()[0].remaining_secs, 0);
}

#[test]
fn allowances_apply_only_to_their_kinds_and_group_and_draw_by_priority() {
    use ServiceKind::*;
    let d = deck(vec![
        row("1", dec!(0.60), dec!(0), 60, 60),
        row("44", dec!(1.2), dec!(0), 60, 60),
    ]);
    let mut pool = AllowancePool::new(vec![
        allowance("second", 2, &[Sip], &["1"], 600),
        allowance("first", 1, &[Sip], &["1"], 60),
        allowance("uk-only", 0, &[Sip], &["44"], 600),
        allowance("cards", 0, &[CallingCard], &["1"], 600),
    ]);
    let out = rate_calls(
        &d,
        &mut pool,
        &[
            call("x", 1, Sip, "1555", 120),
            call("y", 2, Video, "1555", 60),
        ],
    );
    let x = out[0].result.clone().unwrap();
    assert_eq!(
        x.drawn,
        vec![("first".to_string(), 60), ("second".to_string(), 60)]
    );
    assert_eq!(x.charge, dec!(0));
    let y = out[1].result.clone().unwrap();
    assert_eq!(
        (y.covered_secs, y.charge),
        (0, dec!(0.6000)),
        "video may not use these allowances"
    );
}

// ---- authorisation ---------------------------------------------------------

#[test]
fn max_duration_is_the_longest_call_the_balance_pays_for() {
    let t = tariff(dec!(0.60), dec!(0.10), 60, 60);
    // 1.00 pays the connect fee plus one minute (0.70), not two (1.30).
    assert_eq!(max_duration(&t, 0, dec!(1.00), MAX_CALL_SECS), 60);
    assert_eq!(max_duration(&t, 0, dec!(1.30), MAX_CALL_SECS), 120);
    assert_eq!(max_duration(&t, 0, dec!(0.69), MAX_CALL_SECS), 0, "refuse");
    assert_eq!(max_duration(&t, 0, dec!(-1), MAX_CALL_SECS), 0);
    // 120 s of allowance are free; then 0.70 pays one more minute.
    assert_eq!(max_duration(&t, 120, dec!(0.70), MAX_CALL_SECS), 180);
    assert_eq!(max_duration(&t, 120, dec!(0), MAX_CALL_SECS), 120);
    // Free calls are capped.
    let free = tariff(dec!(0), dec!(0), 1, 1);
    assert_eq!(
        max_duration(&free, 0, dec!(0), MAX_CALL_SECS),
        MAX_CALL_SECS
    );
    let t = tariff(dec!(0.05), dec!(0), 30, 6);
    assert_eq!(
        max_duration(&t, 0, dec!(0.04), MAX_CALL_SECS),
        48,
        "the 45 s example: 48 s for 0.0400"
    );
}

#[test]
fn max_duration_reads_amounts_beyond_any_charge() {
    let t = tariff(dec!(0.60), dec!(0.10), 60, 60);
    // Beyond what 0.0001 units in an i64 hold (the limit was once read by
    // formatting `available * 10000`, which overflowed at Decimal::MAX).
    for big in [
        Decimal::MAX,
        Decimal::new(i64::MAX, 0),
        dec!(922337203685477.5808),
    ] {
        assert_eq!(
            max_duration(&t, 0, big, MAX_CALL_SECS),
            MAX_CALL_SECS,
            "{big}"
        );
    }
    // Finer than 0.0001 is no money: 0.69999 pays what 0.6999 does.
    assert_eq!(max_duration(&t, 0, dec!(0.69999), MAX_CALL_SECS), 0);
    assert_eq!(max_duration(&t, 0, dec!(0.70009), MAX_CALL_SECS), 60);
}

#[test]
fn a_charge_too_large_for_i64_arithmetic_is_still_exact() {
    // rate_µ × 60 s overflows an i64: computed in i128, rounded once.
    let t = tariff(Decimal::new(i64::MAX, 6), dec!(0), 1, 1);
    assert_eq!(t.charge(60), Decimal::new(92_233_720_368_547_758, 4));
    assert_eq!(t.charge(30), Decimal::new(46_116_860_184_273_879, 4));
    let connect = tariff(dec!(0), Decimal::new(i64::MAX, 6), 1, 1);
    assert_eq!(connect.charge(1), Decimal::new(92_233_720_368_547_758, 4));
}

// ---- CSV -------------------------------------------------------------------

#[test]
fn deck_csv_reads_columns_in_any_order_and_exports_the_same() {
    let csv = "connect_fee,prefix,extra,destination,subsequent_increment,rate_per_minute,initial_increment\n\
               0,44,x,UK,60,0.10,60\n0.05,447,y,UK Mobile,6,0.2,30\n";
    let (rows, summary) = parse_deck(csv.as_bytes()).unwrap();
    assert_eq!(summary.rows, 2);
    assert_eq!(summary.destinations, 2);
    assert_eq!(
        (summary.min_rate, summary.max_rate),
        (Some(dec!(0.1)), Some(dec!(0.2)))
    );
    let mut out = Vec::new();
    write_deck(&mut out, &rows).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(
        text,
        "prefix,destination,rate_per_minute,connect_fee,initial_increment,subsequent_increment\n\
         44,UK,0.1,0,60,60\n447,UK Mobile,0.2,0.05,30,6\n"
    );
    let (again, _) = parse_deck(text.as_bytes()).unwrap();
    assert_eq!(again, rows);
}

#[test]
fn deck_csv_lists_every_problem_with_its_line() {
    let csv = "prefix,destination,rate_per_minute,connect_fee,initial_increment,subsequent_increment\n\
               44,UK,0.10,0,60,60\n\
               44,UK again,0.10,0,60,60\n\
               4a,Bad,0.10,0,60,60\n\
               1234567890123456,Long,0.1,0,60,60\n\
               33,France,abc,0,60,60\n\
               34,Spain,0.1234567,0,60,60\n\
               35,X,-1,0,60,60\n\
               36,Y,0.1,0,0,60\n\
               37,Z,0.1,0,60,1.5\n\
               38,short\n";
    let problems = parse_deck(csv.as_bytes()).unwrap_err();
    let got: Vec<(u64, Option<&str>)> = problems
        .iter()
        .map(|p| (p.line, p.column.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            (3, Some("prefix")),
            (4, Some("prefix")),
            (5, Some("prefix")),
            (6, Some("rate_per_minute")),
            (7, Some("rate_per_minute")),
            (8, Some("rate_per_minute")),
            (9, Some("initial_increment")),
            (10, Some("subsequent_increment")),
            (11, Some("rate_per_minute")),
            (11, Some("connect_fee")),
            (11, Some("initial_increment")),
            (11, Some("subsequent_increment")),
        ]
    );
    assert!(
        problems[0].message.contains("line 2"),
        "{}",
        problems[0].message
    );
}

#[test]
fn deck_csv_header_problems_are_line_1() {
    let problems = parse_deck("prefix,destination,rate\n1,x,0.1\n".as_bytes()).unwrap_err();
    assert!(problems.iter().all(|p| p.line == 1));
    assert_eq!(problems.len(), 4);
    assert!(parse_deck("prefix,destination,rate_per_minute,connect_fee,initial_increment,subsequent_increment\n".as_bytes()).is_err());
}

// ---- properties ------------------------------------------------------------

/// Normalisation written from the text, with Strings.
fn naive_normalize(raw: &str) -> Option<String> {
    let kept: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '\t' | '-' | '.' | '(' | ')'))
        .collect();
    let s = if let Some(r) = kept.strip_prefix('+') {
        r.to_owned()
    } else if let Some(r) = kept.strip_prefix("00") {
        r.to_owned()
    } else {
        kept
    };
    (!s.is_empty() && s.len() <= 15 && s.chars().all(|c| c.is_ascii_digit())).then_some(s)
}

/// Rating written from the text, with `Decimal` and a linear scan.
fn naive_rate(
    rows: &[(String, Decimal, Decimal, u32, u32)],
    dest: &str,
    d: i64,
) -> Result<(String, u64, Decimal), RateError> {
    let n = naive_normalize(dest).ok_or(RateError::InvalidDestination)?;
    let best = rows
        .iter()
        .filter(|r| n.starts_with(r.0.as_str()))
        .max_by_key(|r| r.0.len())
        .ok_or(RateError::NoRate)?;
    let (i, s) = (i64::from(best.3), i64::from(best.4));
    let billable = if d <= 0 {
        0
    } else if d <= i {
        i
    } else {
        i + ((d - i) + s - 1) / s * s
    };
    let charge = if billable == 0 {
        Decimal::ZERO
    } else {
        (best.2 + best.1 * Decimal::from(billable) / Decimal::from(60))
            .round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)
    };
    Ok((best.0.clone(), billable as u64, charge))
}

fn arb_rows() -> impl Strategy<Value = Vec<(String, Decimal, Decimal, u32, u32)>> {
    prop::collection::btree_map(
        "[0-3]{1,4}",
        (0i64..2_000_000, 0i64..500_000, 1u32..120, 1u32..120),
        1..40,
    )
    .prop_map(|m| {
        m.into_iter()
            .map(|(p, (r, c, i, s))| (p, Decimal::new(r, 6), Decimal::new(c, 6), i, s))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn normalisation_matches_the_naive_one(raw in "[-+0-9 ().a]{0,20}") {
        prop_assert_eq!(normalize(&raw).ok().map(|n| n.to_string()), naive_normalize(&raw));
    }

    #[test]
    fn rating_matches_the_naive_one(
        rows in arb_rows(),
        dests in prop::collection::vec("(\\+|00)?[0-3 -]{0,10}", 1..20),
        durations in prop::collection::vec(-5i64..5000, 20),
    ) {
        let deck = Deck::new(
            rows.iter().map(|(p, r, c, i, s)| Rate::new(p, "x", Tariff::new(*r, *c, *i, *s).unwrap()).unwrap()).collect()
        ).unwrap();
        for (dest, d) in dests.iter().zip(durations) {
            let fast = rate_call(&deck, dest, d).map(|r| (r.rate.prefix.clone(), r.billable_secs, r.charge));
            prop_assert_eq!(fast, naive_rate(&rows, dest, d), "{} for {}s", dest, d);
        }
    }

    #[test]
    fn max_duration_is_tight_for_any_amount(
        rate in 0i64..3_000_000, connect in 0i64..1_000_000,
        i in 1u32..120, s in 1u32..120, units in -1_000i64..i64::MAX, scale in 0u32..16,
    ) {
        let t = Tariff::new(Decimal::new(rate, 6), Decimal::new(connect, 6), i, s).unwrap();
        let available = Decimal::new(units, scale);
        let d = max_duration(&t, 0, available, MAX_CALL_SECS);
        let cost = |d: u64| t.charge(billable_secs(d as i64, i, s));
        if d > 0 {
            prop_assert!(cost(d) <= available, "d={} costs {} > {}", d, cost(d), available);
        }
        if d < MAX_CALL_SECS {
            prop_assert!(cost(d + 1) > available, "d+1={} costs {} ≤ {}", d + 1, cost(d + 1), available);
        }
    }

    #[test]
    fn max_duration_is_tight(
        rate in 0i64..3_000_000, connect in 0i64..1_000_000,
        i in 1u32..120, s in 1u32..120, allowance in 0u64..600, balance in -100i64..200_000,
    ) {
        let t = Tariff::new(Decimal::new(rate, 6), Decimal::new(connect, 6), i, s).unwrap();
        let available = Decimal::new(balance, 4);
        let cap = 3_600;
        let d = max_duration(&t, allowance, available, cap);
        let cost = |d: u64| t.charge_uncovered(billable_secs(d as i64, i, s), allowance);
        prop_assert!(d <= cap);
        if d > 0 {
            prop_assert!(cost(d) <= available, "d={} costs {} > {}", d, cost(d), available);
        }
        if d < cap {
            prop_assert!(cost(d + 1) > available || available.is_sign_negative(), "d+1={} costs {} ≤ {}", d + 1, cost(d + 1), available);
        }
    }
}
