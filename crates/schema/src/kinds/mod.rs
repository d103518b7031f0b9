//! One declaration per record kind: a file here plus its entry in
//! [`crate::KINDS`].

mod account;
mod acquisition_spend;
mod activity;
mod contact;
mod csm;
mod fx_rate;
mod mrr;
mod opportunity;
mod purchase;
mod subscription;
mod survey_response;
// playbooks (issue 21)
mod task;
mod ticket;
mod usage;

pub use account::ACCOUNT;
pub use acquisition_spend::ACQUISITION_SPEND;
pub use activity::ACTIVITY;
pub use contact::CONTACT;
pub use csm::CSM;
pub use fx_rate::FX_RATE;
pub use mrr::MRR;
pub use opportunity::OPPORTUNITY;
pub use purchase::PURCHASE;
pub use subscription::SUBSCRIPTION;
pub use survey_response::SURVEY_RESPONSE;
pub use task::TASK;
pub use ticket::TICKET;
pub use usage::USAGE;
