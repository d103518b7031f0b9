//! A record's fields while a row becomes a record.

use serde_json::Value;

/// Payload field name → value, in the order they were set; a name set
/// again replaces its value, as in a map. A record has a few dozen fields
/// at most, so a list searched from the start costs less than a map with
/// an owned key per field.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Fields(Vec<(&'static str, Value)>);

impl Fields {
    pub fn insert(&mut self, key: &'static str, value: Value) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => entry.1 = value,
            None => self.0.push((key, value)),
        }
    }

    pub fn remove(&mut self, key: &str) {
        self.0.retain(|(k, _)| *k != key);
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub fn as_slice(&self) -> &[(&'static str, Value)] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::Fields;
    use serde_json::json;

    #[test]
    fn a_name_set_again_replaces_its_value_in_place() {
        let mut fields = Fields::default();
        fields.insert("account", json!("A1"));
        fields.insert("mrr", json!("10"));
        fields.insert("account", json!("A2"));
        assert_eq!(
            fields.as_slice(),
            &[("account", json!("A2")), ("mrr", json!("10"))]
        );
        assert_eq!(fields.get("mrr"), Some(&json!("10")));
        assert!(!fields.contains_key("month"));
    }
}
