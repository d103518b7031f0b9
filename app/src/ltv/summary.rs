//! From purchases to the models' customer summary (Fader, Hardie & Lee
//! 2005): same-day purchases are one transaction; `frequency` x is the
//! number of repeat transactions, `recency` t_x the weeks from the first
//! to the last, `age` T the weeks from the first to the calibration end,
//! `monetary` the mean value of the repeat transactions (0 without any).

/// A customer's purchases up to the calibration end: (day, amount in
/// reporting-currency units), any order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub frequency: u32,
    pub recency: f64,
    pub age: f64,
    pub monetary: f64,
}

/// The summary of one customer's purchases (day numbers, amounts) as seen
/// at `calibration_end` (a day number); `None` when none is on or before it.
pub fn summarise(purchases: &mut [(i32, f64)], calibration_end: i32) -> Option<Summary> {
    purchases.sort_by_key(|p| p.0);
    let within = purchases.partition_point(|p| p.0 <= calibration_end);
    let list = &purchases[..within];
    let first = list.first()?.0;
    // Transactions: one per day, their amounts summed.
    let mut days = 0u32;
    let (mut last_day, mut repeat_total) = (first, 0.0f64);
    let mut i = 0;
    while i < list.len() {
        let day = list[i].0;
        let mut amount = 0.0;
        while i < list.len() && list[i].0 == day {
            amount += list[i].1;
            i += 1;
        }
        if day != first {
            repeat_total += amount;
        }
        days += 1;
        last_day = day;
    }
    let frequency = days - 1;
    Some(Summary {
        frequency,
        recency: f64::from(last_day - first) / 7.0,
        age: f64::from(calibration_end - first) / 7.0,
        monetary: if frequency > 0 {
            repeat_total / f64::from(frequency)
        } else {
            0.0
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_day_purchases_are_one_transaction_and_weeks_are_counted() {
        // Day 0: 10 + 5 (one transaction, the first); day 14: 20; day 28:
        // 12 + 18 = 30; day 100: after the calibration end (day 70).
        let mut p = vec![
            (28, 12.0),
            (0, 10.0),
            (14, 20.0),
            (0, 5.0),
            (28, 18.0),
            (100, 99.0),
        ];
        let s = summarise(&mut p, 70).unwrap_or_else(|| unreachable!());
        assert_eq!(s.frequency, 2);
        assert_eq!(s.recency, 4.0);
        assert_eq!(s.age, 10.0);
        // Repeat transactions 20 and 30: mean 25 (the first is left out).
        assert_eq!(s.monetary, 25.0);
        // One-time buyer: no repeat value.
        let one = summarise(&mut [(7, 3.0), (7, 4.0)], 21).unwrap_or_else(|| unreachable!());
        assert_eq!(
            (one.frequency, one.recency, one.age, one.monetary),
            (0, 0.0, 2.0, 0.0)
        );
        assert_eq!(summarise(&mut [(80, 1.0)], 70), None);
    }
}
