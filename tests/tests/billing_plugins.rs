//! The billing importers as the app loads them: real plugin libraries
//! (built once per test binary into target/e2e-billing-plugins, beside the
//! generic csv and excel importers), detection ranking, and imports into a
//! real database: accounts a payments file creates (and never rewrites),
//! refunds, re-import idempotence, all-or-nothing on a bad row.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tenure::importing::{Choice, PluginHost, read_head};

const CRATES: [&str; 7] = [
    "csv",
    "excel",
    "stripe",
    "baremetrics",
    "chartmogul",
    "recurly",
    "chargify",
];
const BILLING: [&str; 5] = ["stripe", "baremetrics", "chartmogul", "recurly", "chargify"];

#[path = "../support/import_env.rs"]
mod import_env;
#[path = "../support/plugin_libs.rs"]
mod plugin_libs;
use import_env::Env;
use plugin_libs::workspace_root;

fn libraries() -> &'static [PathBuf] {
    static LIBS: OnceLock<Vec<PathBuf>> = OnceLock::new();
    LIBS.get_or_init(|| plugin_libs::build_bundled("e2e-billing-plugins", &CRATES))
}

fn host() -> PluginHost {
    let host = PluginHost::load_files(libraries());
    assert!(host.failures.is_empty(), "{:?}", host.failures);
    host
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

const STRIPE_CUSTOMERS: &str = "\
id,Description,Email,Name,Created (UTC),Delinquent,Business Vat ID
cus_A,Key account,ana@acme.com,Acme Ltd,2024-01-05 10:00,false,
";

const STRIPE_PAYMENTS: &str = "\
id,Created date (UTC),Amount,Amount Refunded,Currency,Captured,Converted Amount,Converted Amount Refunded,Converted Currency,Decline Reason,Description,Fee,Refunded date (UTC),Statement Descriptor,Status,Seller Message,Taxes On Fee,Card ID,Customer ID,Customer Description,Customer Email,Invoice ID,Transfer
ch_1,2025-03-03 14:05:12,100.00,0.00,brl,true,100.00,0.00,brl,,Order 1,3.20,,ACME,Paid,Payment complete.,0.00,card_1,cus_A,Acme (payments),ana@acme.com,,
ch_2,2025-03-10 09:00:00,50.00,20.00,brl,true,50.00,20.00,brl,,Order 2,1.75,2025-03-12 10:00:00,ACME,Paid,Payment complete.,0.00,card_1,cus_A,Acme (payments),ana@acme.com,,
ch_3,2025-03-11 09:00:00,30.00,0.00,usd,true,165.00,0.00,brl,,Order 3,1.17,,ACME,Paid,Payment complete.,0.00,card_2,cus_B,,joe@beta.io,,
ch_4,2025-03-12 09:00:00,30.00,0.00,brl,false,30.00,0.00,brl,card_declined,Order 4,0.00,,ACME,Failed,The bank declined.,0.00,card_2,cus_B,,joe@beta.io,,
ch_5,2025-03-13 09:00:00,12.00,0.00,brl,true,12.00,0.00,brl,,Walk-in,0.65,,ACME,Paid,Payment complete.,0.00,card_3,,,,,
";

const STRIPE_SUBSCRIPTIONS: &str = "\
id,Customer ID,Customer Name,Customer Email,Plan,Quantity,Currency,Interval,Amount,Status,Created (UTC),Start (UTC),Current Period Start (UTC),Current Period End (UTC),Trial Start (UTC),Trial End (UTC),Canceled At (UTC),Ended At (UTC),Cancellation Reason
sub_1,cus_A,Acme Ltd,ana@acme.com,pro_monthly,3,brl,month,29.90,active,2025-01-01 10:00,2025-01-01 10:00,2025-03-01 10:00,2025-04-01 10:00,,,,,
";

const BAREMETRICS: &str = "\
plan_oid,plan_name,plan_currency,plan_amount,plan_interval,plan_interval_count,customer_oid,customer_name,customer_email,subscription_oid,subscription_started_at,subscription_canceled_at,subscription_quantity
plan_1,SEO,BRL,5000,month,1,customer_1,Allison Barkley,allison@baremetrics.com,subscription_1,2020-03-31,2020-05-04,1
plan_2,SEM,BRL,1999,month,3,customer_1,Allison Barkley,allison@baremetrics.com,subscription_2,2020-03-31,,2
";

const CHARTMOGUL: &str = "\
Name,Email,Company,Country,State,City,Zip,External ID,Lead created at,Free trial started at
Ana Lima,ana@acme.com,Acme Ltd,US,CA,San Jose,95112,cus_0001,2024-01-02,2024-01-10
";

/// Recurly's subscriptions export, every documented column in its order
/// (plugins/recurly/README.md): a monthly 29.90 × 3 seat plan, and a
/// yearly one that will not renew.
const RECURLY_SUBSCRIPTIONS: &str = "\
uuid,account_code,email,plan_code,state,auto_renew,currency,quantity,unit_amount,add_on_amount,total_recurring_amount,current_period_started_at,current_period_ends_at,trial_started_at,trial_ends_at,total_billing_cycles,remaining_billing_cycles,activated_at,modified_at,canceled_at,expires_at,maintenance_url,net_terms,po_number,collection_method,plan_name,started_with_gift,no_billing_info_reason,converted_at,paused_at,remaining_pause_cycles,current_term_started_at,current_term_ends_at,renewal_billing_cycles,shipping_amount_in_cents,shipping_method_code,pricing_model,current_ramp_id,tax_inclusive,subscription_api_id,gateway_code
3a1f0c9e2b7d4e11,acme,ana@acme.com,pro,active,TRUE,BRL,3,29.90,0,89.70,2025-03-01 10:00:00 PST,2025-04-01 10:00:00 PDT,2025-01-01 10:00:00 PST,2025-01-15 10:00:00 PST,1,0,2025-01-01 10:00:00 PST,2025-03-01 10:00:00 PST,,,,0,,automatic,Pro,FALSE,,,,,,,1,,,fixed,,false,e28zov4fw0v2,
7c2d9a1b3e5f4a22,beta,joe@beta.io,annual,canceled,FALSE,BRL,1,1200,0,1200,2024-06-01 00:00:00 PDT,2025-06-01 00:00:00 PDT,,,1,0,2024-06-01 00:00:00 PDT,2025-02-10 09:00:00 PST,2025-02-10 09:00:00 PST,2025-06-01 00:00:00 PDT,,0,,automatic,Annual,FALSE,,,,,,,,,,fixed,,false,f39apw5gx1w3,
";

/// Recurly's invoices summary export, every documented column in its order:
/// a paid purchase, a paid renewal, and a refund invoice of the purchase.
const RECURLY_INVOICES: &str = "\
id,invoice_number,billed_date,due_on,closed_at,status,net_terms,collection_method,account_code,account_name,account_company,account_line1,account_line2,account_city,account_state,account_zip,account_country,vat_number,po_number,coupon_code,currency,invoice_total,invoice_subtotal,tax_amount,tax_type,tax_region,tax_rate,credit_to_account,recovery_reason,invoice_country,evidence_matched,modified_at,invoice_type,original_invoice_number,ship_address_name,ship_address_line1,ship_address_line2,ship_address_city,ship_address_state,ship_address_zip,ship_address_country,ship_address_phone,invoice_doc_type,invoice_balance,invoice_balance_modified_at,invoice_discount,invoice_subtotal_before_discounts,invoice_refundable_amount,shipping_address_count,dunning_campaign_code,dunning_campaign_id,dunning_campaign_version,used_tax_service,business_entity_code,parent_account_code,invoice_api_id
b964b5439c2548a489b3a136e75aee9f,1291,2025-03-01 10:00:01 PST,2025-03-01 10:00:01 PST,2025-03-01 10:00:05 PST,paid,on-receipt,automatic,acme,Ana Lima,Acme Ltd,1 Main Street,,San Jose,CA,95112,US,,,,BRL,89.70,89.70,0,,,,0,,,,2025-03-01 10:00:05 PST,renewal,,,,,,,,,,legacy,,,0,89.70,,1,,,,FALSE,,,inv1
c075c6540d3659b59ac4b247f86bff0a,1292,2025-03-05 12:00:00 PST,2025-03-05 12:00:00 PST,2025-03-05 12:00:04 PST,paid,on-receipt,automatic,gamma,Bo Chen,,2 Side Road,,Austin,TX,73301,US,,,,BRL,15.50,15.50,0,,,,0,,,,2025-03-05 12:00:04 PST,purchase,,,,,,,,,,legacy,,,0,15.50,,1,,,,FALSE,,,inv2
d186d7651e4760c60bd5c358a97cc01b,1293,2025-03-06 09:00:00 PST,2025-03-06 09:00:00 PST,2025-03-06 09:00:02 PST,paid,on-receipt,automatic,gamma,Bo Chen,,2 Side Road,,Austin,TX,73301,US,,,,BRL,-15.50,-15.50,0,,,,0,,,,2025-03-06 09:00:02 PST,refund,1292,,,,,,,,,legacy,,,0,-15.50,,1,,,,FALSE,,,inv3
";

/// Chargify's Invoices CSV, its documented columns in their order
/// (plugins/chargify/README.md): a renewal's charge and payment, a one-time
/// payment, and a refund of part of it (left out: not tied to a payment).
const CHARGIFY_INVOICES: &str = "\
transaction_id,created_at,invoice_id,invoice_number,type,memo,amount_in_cents,starting_balance_in_cents,ending_balance_in_cents,subscription_id,customer_id,customer_name,product_id,product_name,kind,invoice_status,invoice_settled_at,customer_organization,coupon_name
301,2025-03-01 10:00:00 -0500,9001,1001,charge,Pro renewal,8970,0,8970,71,4411,Ana Lima,3,Pro,baseline,paid,2025-03-01 10:00:05 -0500,Acme Ltd,
302,2025-03-01 10:00:05 -0500,9001,1001,payment,,8970,8970,0,71,4411,Ana Lima,3,Pro,,paid,2025-03-01 10:00:05 -0500,Acme Ltd,
303,2025-03-05 12:00:00 -0500,9002,1002,payment,Setup,1550,1550,0,72,4412,Bo Chen,3,Pro,one_time,paid,2025-03-05 12:00:00 -0500,,
304,2025-03-06 09:00:00 -0500,9002,1002,refund,Goodwill,550,0,0,72,4412,Bo Chen,3,Pro,,paid,2025-03-05 12:00:00 -0500,,
";

/// Chargify's Customers export, its first nine documented columns.
const CHARGIFY_CUSTOMERS: &str = "\
id,first_name,last_name,organization,email,created_at,reference,address,address_2
4411,Ana,Lima,Acme Corp,ana@acme.com,2016-06-03 12:43:50 -0400,acme-1,1 Main St,
4413,Cy,Dee,,cy@dee.org,2016-06-04 08:00:00 -0400,,,
";

#[test]
fn each_billing_export_goes_to_its_vendor_not_to_the_generic_importers() {
    let host = host();
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            write(dir.path(), "unified_customers.csv", STRIPE_CUSTOMERS),
            "stripe",
        ),
        (
            write(dir.path(), "unified_payments.csv", STRIPE_PAYMENTS),
            "stripe",
        ),
        (
            write(dir.path(), "subscriptions.csv", STRIPE_SUBSCRIPTIONS),
            "stripe",
        ),
        (
            write(dir.path(), "baremetrics.csv", BAREMETRICS),
            "baremetrics",
        ),
        (write(dir.path(), "customers.csv", CHARTMOGUL), "chartmogul"),
        (
            write(
                dir.path(),
                "subscriptions-recurly.csv",
                RECURLY_SUBSCRIPTIONS,
            ),
            "recurly",
        ),
        (
            write(dir.path(), "invoices_summary.csv", RECURLY_INVOICES),
            "recurly",
        ),
        (
            write(dir.path(), "invoices-chargify.csv", CHARGIFY_INVOICES),
            "chargify",
        ),
        (
            write(dir.path(), "customers-chargify.csv", CHARGIFY_CUSTOMERS),
            "chargify",
        ),
    ];
    for (path, vendor) in &cases {
        let head = read_head(path).unwrap();
        let answers = host.detect(path, &head);
        let of = |id: &str| {
            answers
                .iter()
                .find(|d| d.plugin == id)
                .and_then(|d| d.confidence)
                .unwrap_or(0)
        };
        let generic = of("csv").max(of("excel"));
        assert!(
            generic > 0,
            "{}: the generic importers see a table",
            path.display()
        );
        assert!(of(vendor) > generic, "{}: {answers:?}", path.display());
        for other in BILLING {
            if other != *vendor {
                assert_eq!(of(other), 0, "{} claimed by {other}", path.display());
            }
        }
        assert!(
            matches!(host.choose(path, &head), Choice::Chosen(p) if p.info.id == *vendor),
            "{}",
            path.display()
        );
    }
    // A plain purchases CSV still goes to the generic importer.
    let plain = write(
        dir.path(),
        "purchases.csv",
        "account,date,amount\nAcme,2025-03-03,10.00\n",
    );
    let head = read_head(&plain).unwrap();
    assert!(matches!(host.choose(&plain, &head), Choice::Chosen(p) if p.info.id == "csv"));
}

/// A stored purchase: external id, account, cents, refunded cents,
/// currency, status.
type PurchaseRow = (String, String, i64, Option<i64>, Option<String>, String);

impl Env {
    fn names(&self) -> Vec<(String, String)> {
        let conn = self.store.conn();
        let mut stmt = conn
            .prepare("SELECT external_id, name FROM account ORDER BY external_id")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    fn purchases(&self) -> Vec<PurchaseRow> {
        let conn = self.store.conn();
        let mut stmt = conn
            .prepare(
                "SELECT p.external_id, a.external_id, p.amount_cents, p.refunded_cents, p.currency, p.status
                 FROM purchase p JOIN account a ON a.id = p.account_id ORDER BY p.external_id",
            )
            .unwrap();
        stmt.query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    }
}

#[test]
fn stripe_payments_create_missing_accounts_never_rewrite_stored_ones_and_reimport_changes_nothing()
{
    let mut env = Env::new(host());
    let dir = tempfile::tempdir().unwrap();
    let customers = write(dir.path(), "unified_customers.csv", STRIPE_CUSTOMERS);
    let payments = write(dir.path(), "unified_payments.csv", STRIPE_PAYMENTS);
    let (code, reports) = env.import(&[&customers]);
    assert_eq!(code, 0, "{reports:?}");
    assert_eq!(reports[0]["plugin"], "stripe");
    // The account and its e-mail's contact.
    assert_eq!(Env::counts(&reports[0]), (Some(2), Some(0), Some(0)));

    let (code, reports) = env.import(&[&payments]);
    assert_eq!(code, 0, "{reports:?}");
    let r = &reports[0];
    assert_eq!(r["plugin"], "stripe");
    assert_eq!(r["kind"], "purchase");
    // cus_B created, cus_A left as the customers export named it (counted
    // unchanged); four purchases and March's USD rate from Stripe's own
    // conversion (165.00 / 30.00 = 5.5); the payment with no customer a
    // warning.
    assert_eq!(Env::counts(r), (Some(6), Some(0), Some(1)), "{r}");
    // The store keeps a rate's month as YYYYMM.
    let rate: (i64, String, String) = env
        .store
        .conn()
        .query_row("SELECT month, currency, rate FROM fx_rate", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!(rate, (202_503, "USD".into(), "5.5".into()));
    let warnings: Vec<&serde_json::Value> = r["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["code"] == "row_skipped")
        .collect();
    assert_eq!(warnings.len(), 1, "{r}");
    assert_eq!(warnings[0]["row"], 6);
    assert_eq!(
        env.names(),
        vec![
            ("cus_A".to_string(), "Acme Ltd".to_string()),
            ("cus_B".to_string(), "joe@beta.io".to_string())
        ]
    );
    // Amounts in currency units, stored as exact cents, net of refunds by
    // the metrics; a USD payment keeps its own currency.
    assert_eq!(
        env.purchases(),
        vec![
            (
                "ch_1".into(),
                "cus_A".into(),
                10_000,
                Some(0),
                Some("BRL".into()),
                "paid".into()
            ),
            (
                "ch_2".into(),
                "cus_A".into(),
                5_000,
                Some(2_000),
                Some("BRL".into()),
                "paid".into()
            ),
            (
                "ch_3".into(),
                "cus_B".into(),
                3_000,
                Some(0),
                Some("USD".into()),
                "paid".into()
            ),
            (
                "ch_4".into(),
                "cus_B".into(),
                3_000,
                Some(0),
                Some("BRL".into()),
                "failed".into()
            ),
        ]
    );

    // The same export again: nothing changes.
    let (code, reports) = env.import(&[&payments]);
    assert_eq!(code, 0);
    assert_eq!(
        Env::counts(&reports[0]),
        (Some(0), Some(0), Some(7)),
        "{}",
        reports[0]
    );

    // A later export where ch_1 was refunded in full: updated in place.
    let later = STRIPE_PAYMENTS.replace(
        "ch_1,2025-03-03 14:05:12,100.00,0.00,brl,true,100.00,0.00,brl,,Order 1,3.20,,ACME,Paid",
        "ch_1,2025-03-03 14:05:12,100.00,100.00,brl,true,100.00,100.00,brl,,Order 1,3.20,2025-03-20 10:00:00,ACME,Refunded",
    );
    let payments2 = write(dir.path(), "unified_payments-2.csv", &later);
    let (code, reports) = env.import(&[&payments2]);
    assert_eq!(code, 0);
    assert_eq!(
        Env::counts(&reports[0]),
        (Some(0), Some(1), Some(6)),
        "{}",
        reports[0]
    );
    assert_eq!(env.purchases()[0].3, Some(10_000));
    assert_eq!(env.purchases()[0].5, "refunded");
}

#[test]
fn stripe_subscriptions_land_with_quantity_times_amount() {
    let mut env = Env::new(host());
    let dir = tempfile::tempdir().unwrap();
    let subs = write(dir.path(), "subscriptions.csv", STRIPE_SUBSCRIPTIONS);
    let (code, reports) = env.import(&[&subs]);
    assert_eq!(code, 0, "{reports:?}");
    assert_eq!(reports[0]["kind"], "subscription");
    let (account, start, cents, period): (String, String, i64, String) = env
        .store
        .conn()
        .query_row(
            "SELECT a.name, s.start, s.amount_cents, s.billing_period FROM subscription s JOIN account a ON a.id = s.account_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    // 3 × 29.90 = 89.70 a month, from the subscription's start.
    assert_eq!(
        (account.as_str(), start.as_str(), cents, period.as_str()),
        ("Acme Ltd", "2025-01-01", 8_970, "monthly")
    );
    let (code, reports) = env.import(&[&subs]);
    assert_eq!(code, 0);
    assert_eq!(
        Env::counts(&reports[0]),
        (Some(0), Some(0), Some(2)),
        "{}",
        reports[0]
    );
}

#[test]
fn a_bad_stripe_row_names_line_and_column_and_writes_nothing() {
    let mut env = Env::new(host());
    let dir = tempfile::tempdir().unwrap();
    let bad = STRIPE_PAYMENTS.replace(
        "ch_2,2025-03-10 09:00:00,50.00",
        "ch_2,2025-03-10 09:00:00,fifty",
    );
    let payments = write(dir.path(), "unified_payments.csv", &bad);
    let (code, reports) = env.import(&[&payments]);
    assert_ne!(code, 0);
    let problems = reports[0]["problems"].as_array().unwrap();
    let error = problems.iter().find(|p| p["severity"] == "error").unwrap();
    assert_eq!(error["row"], 3, "{error}");
    assert_eq!(error["column"], "Amount", "{error}");
    assert!(
        error["message"].as_str().unwrap().contains("fifty"),
        "{error}"
    );
    assert!(env.names().is_empty());
    assert!(env.purchases().is_empty());
}

#[test]
fn baremetrics_and_chartmogul_templates_land_and_reimport_changes_nothing() {
    let mut env = Env::new(host());
    let dir = tempfile::tempdir().unwrap();
    let subs = write(dir.path(), "baremetrics.csv", BAREMETRICS);
    let customers = write(dir.path(), "customers.csv", CHARTMOGUL);
    let (code, reports) = env.import(&[&subs, &customers]);
    assert_eq!(code, 0, "{reports:?}");
    // The account file first (dependency order), then the subscriptions
    // with the account they create.
    assert_eq!(reports[0]["plugin"], "chartmogul", "{}", reports[0]);
    assert_eq!(Env::counts(&reports[0]), (Some(2), Some(0), Some(0)));
    assert_eq!(reports[1]["plugin"], "baremetrics", "{}", reports[1]);
    assert_eq!(Env::counts(&reports[1]), (Some(3), Some(0), Some(0)));
    let conn = env.store.conn();
    let mut stmt = conn
        .prepare(
            "SELECT s.external_id, a.name, s.start, s.\"end\", s.amount_cents, s.billing_period
             FROM subscription s JOIN account a ON a.id = s.account_id ORDER BY s.external_id",
        )
        .unwrap();
    let rows: Vec<(String, String, String, Option<String>, i64, String)> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    drop(stmt);
    // 5000 cents a month; 1999 cents × 2 a quarter.
    assert_eq!(
        rows,
        vec![
            (
                "subscription_1".into(),
                "Allison Barkley".into(),
                "2020-03-31".into(),
                Some("2020-05-04".into()),
                5_000,
                "monthly".into()
            ),
            (
                "subscription_2".into(),
                "Allison Barkley".into(),
                "2020-03-31".into(),
                None,
                3_998,
                "quarterly".into()
            ),
        ]
    );
    let (code, reports) = env.import(&[&subs, &customers]);
    assert_eq!(code, 0);
    assert_eq!(
        Env::counts(&reports[0]),
        (Some(0), Some(0), Some(2)),
        "{}",
        reports[0]
    );
    assert_eq!(
        Env::counts(&reports[1]),
        (Some(0), Some(0), Some(3)),
        "{}",
        reports[1]
    );
}

#[test]
fn recurly_exports_land_in_cents_and_reimport_changes_nothing() {
    let mut env = Env::new(host());
    let dir = tempfile::tempdir().unwrap();
    let subs = write(dir.path(), "subscriptions.csv", RECURLY_SUBSCRIPTIONS);
    let invoices = write(dir.path(), "invoices_summary.csv", RECURLY_INVOICES);
    let (code, reports) = env.import(&[&subs, &invoices]);
    assert_eq!(code, 0, "{reports:?}");
    assert!(
        reports.iter().all(|r| r["plugin"] == "recurly"),
        "{reports:?}"
    );
    // Accounts from account_code, named by e-mail (subscriptions) or
    // company, else person (invoices); the first file to name one wins.
    assert_eq!(
        env.names(),
        vec![
            ("acme".into(), "ana@acme.com".into()),
            ("beta".into(), "joe@beta.io".into()),
            ("gamma".into(), "Bo Chen".into()),
        ]
    );
    let conn = env.store.conn();
    let mut stmt = conn
        .prepare(
            "SELECT s.external_id, s.start, s.amount_cents, s.billing_period, s.trial_end, s.cancel_at, s.\"end\"
             FROM subscription s ORDER BY s.external_id",
        )
        .unwrap();
    type Sub = (
        String,
        String,
        i64,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<Sub> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    drop(stmt);
    // 89.70 a month (29.90 × 3, Recurly's total_recurring_amount), trial to
    // Jan 15; 1200 a year (Jun 1 → Jun 1), not renewing after 2025-06-01.
    assert_eq!(
        rows,
        vec![
            (
                "3a1f0c9e2b7d4e11".into(),
                "2025-01-01".into(),
                8_970,
                "monthly".into(),
                Some("2025-01-15".into()),
                None,
                None
            ),
            (
                "7c2d9a1b3e5f4a22".into(),
                "2024-06-01".into(),
                120_000,
                "annual".into(),
                None,
                Some("2025-06-01".into()),
                None
            ),
        ]
    );
    // 89.70 and 15.50 in cents; the refund invoice (1293, -15.50, of
    // invoice 1292) is deducted from 1292's purchase — refunded 15.50 — and
    // left out itself with a warning naming the invoice it refunds.
    assert_eq!(
        env.purchases(),
        vec![
            (
                "b964b5439c2548a489b3a136e75aee9f".into(),
                "acme".into(),
                8_970,
                None,
                Some("BRL".into()),
                "paid".into()
            ),
            (
                "c075c6540d3659b59ac4b247f86bff0a".into(),
                "gamma".into(),
                1_550,
                Some(1_550),
                Some("BRL".into()),
                "paid".into()
            ),
        ]
    );
    let warned = reports[1]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["row"] == 4 && p["message"].as_str().unwrap().contains("1292"));
    assert!(warned, "{}", reports[1]);
    let (code, again) = env.import(&[&subs, &invoices]);
    assert_eq!(code, 0, "{again:?}");
    for r in &again {
        assert_eq!(r["inserted"].as_u64(), Some(0), "{r}");
        assert_eq!(r["updated"].as_u64(), Some(0), "{r}");
    }
}

#[test]
fn chargify_exports_land_in_cents_and_reimport_changes_nothing() {
    let mut env = Env::new(host());
    let dir = tempfile::tempdir().unwrap();
    let invoices = write(dir.path(), "invoices.csv", CHARGIFY_INVOICES);
    let customers = write(dir.path(), "customers.csv", CHARGIFY_CUSTOMERS);
    let (code, reports) = env.import(&[&invoices, &customers]);
    assert_eq!(code, 0, "{reports:?}");
    assert!(
        reports.iter().all(|r| r["plugin"] == "chargify"),
        "{reports:?}"
    );
    // Accounts files are imported first: the customers export gives 4411
    // and 4413; the invoices then add 4412 (its customer_name, no
    // organization) and leave the stored 4411 alone (not "Acme Ltd").
    assert_eq!(
        env.names(),
        vec![
            ("4411".into(), "Acme Corp".into()),
            ("4412".into(), "Bo Chen".into()),
            ("4413".into(), "Cy Dee".into()),
        ]
    );
    // 8970 and 1550 cents, as written; no currency column (a Chargify site
    // has one currency): the database's. The refund is left out with a
    // warning naming its invoice, the charge with its type.
    assert_eq!(
        env.purchases(),
        vec![
            (
                "302".into(),
                "4411".into(),
                8_970,
                None,
                None,
                "paid".into()
            ),
            (
                "303".into(),
                "4412".into(),
                1_550,
                None,
                None,
                "paid".into()
            ),
        ]
    );
    let report = reports
        .iter()
        .find(|r| r["file"].as_str().unwrap().ends_with("invoices.csv"))
        .unwrap();
    let warned = |row: u64, text: &str| {
        report["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["row"] == row && p["message"].as_str().unwrap().contains(text))
    };
    assert!(warned(2, "charge"), "{report}");
    assert!(warned(5, "1002"), "{report}");
    let contacts: Vec<(String, String)> = {
        let conn = env.store.conn();
        let mut stmt = conn
            .prepare(
                "SELECT a.external_id, c.email FROM contact c JOIN account a ON a.id = c.account_id ORDER BY c.email",
            )
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(
        contacts,
        vec![
            ("4411".into(), "ana@acme.com".into()),
            ("4413".into(), "cy@dee.org".into()),
        ]
    );
    let (code, again) = env.import(&[&invoices, &customers]);
    assert_eq!(code, 0, "{again:?}");
    for r in &again {
        assert_eq!(r["inserted"].as_u64(), Some(0), "{r}");
        assert_eq!(r["updated"].as_u64(), Some(0), "{r}");
    }
}

#[test]
fn the_billing_libraries_pass_the_plugin_self_test() {
    let host = host();
    for id in BILLING {
        let plugin = host.get(id).unwrap_or_else(|| panic!("{id} loaded"));
        let checks = tenure::importing::self_test(plugin);
        assert!(!checks.is_empty());
        let failed: Vec<_> = checks.iter().filter(|c| !c.passed).collect();
        assert!(failed.is_empty(), "{id}: {failed:?}");
    }
}

/// `shared/data` beside the repository (CI) or above the work tree.
fn shared(rel: &str) -> PathBuf {
    let mut dir = workspace_root();
    loop {
        let candidate = dir.join("shared/data");
        if candidate.is_dir() {
            return candidate.join(rel);
        }
        assert!(dir.pop(), "shared/data not found above the workspace");
    }
}

/// Every file under `dir`, recursively.
fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// Real files nobody on the team wrote (CRM samples, a SaaS data set with
/// subscriptions, spreadsheets, CSV conformance files): no billing importer
/// claims them.
#[test]
fn no_billing_importer_claims_the_other_real_files() {
    let host = host();
    let mut files = Vec::new();
    for rel in ["csv", "saas-sample", "spreadsheets", "crm-samples"] {
        files_under(&shared(rel), &mut files);
    }
    files_under(
        &workspace_root().join("crates/tabular/tests/fixtures"),
        &mut files,
    );
    assert!(files.len() > 100, "{}", files.len());
    let mut claimed = Vec::new();
    for path in &files {
        let head = read_head(path).unwrap();
        for d in host.detect(path, &head) {
            if BILLING.contains(&d.plugin.as_str()) && d.confidence.unwrap_or(0) > 0 {
                claimed.push(format!(
                    "{} by {} ({:?})",
                    path.display(),
                    d.plugin,
                    d.confidence
                ));
            }
        }
    }
    assert!(claimed.is_empty(), "{claimed:#?}");
}
