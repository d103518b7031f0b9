//! The desktop notification of the tasks due today, shown once when the
//! app opens (issue 21). It runs on a thread of its own, and where no
//! notification service runs it fails quietly: the Today view says the
//! same.

use super::i18n::fill;
use super::i18n::playbooks::PlaybooksTr;
use crate::format::Locale;

pub fn due_today(n: usize, locale: Locale) {
    let t = PlaybooksTr::get(locale);
    let body = fill(t.notify_body, &[("n", &n.to_string())]);
    let _ = std::thread::Builder::new()
        .name("tenure-notify".into())
        .spawn(move || {
            // No service (a headless session, a test): nothing to show.
            let _ = notify_rust::Notification::new()
                .appname("Tenure")
                .summary(t.notify_title)
                .body(&body)
                .icon("tenure")
                .show();
        });
}
