//! The journeys a new document can start from, embedded in the program.

use crate::model::Document;

/// A journey shipped with the app.
#[derive(Clone, Copy, Debug)]
pub struct Template {
    /// The name shown in menus.
    pub name: &'static str,
    /// One line on what it shows.
    pub description: &'static str,
    /// The file's text.
    pub source: &'static str,
}

impl Template {
    /// The journey this template holds.
    pub fn load(&self) -> Result<Document, super::LoadError> {
        super::from_str(self.source)
    }
}

/// Every template; the first is the service loop a new window opens with.
pub const TEMPLATES: [Template; 4] = [
    Template {
        name: "Service loop",
        description: "The six stages in a ring: tell, buy, experience, care, delight, word of mouth.",
        source: include_str!("../../assets/templates/service-loop.json"),
    },
    Template {
        name: "Tesla: three layers of problems",
        description: "A car that answers an external, an internal and a philosophical problem.",
        source: include_str!("../../assets/templates/tesla.json"),
    },
    Template {
        name: "Hotel: core narrative",
        description: "Not rooms, but meaningful holidays with friends and family.",
        source: include_str!("../../assets/templates/hotel.json"),
    },
    Template {
        name: "Stripe: word of mouth",
        description: "A great product a small group loved and spread with little marketing.",
        source: include_str!("../../assets/templates/stripe.json"),
    },
];

/// The service-loop template, the journey a new window shows.
pub fn service_loop() -> Document {
    TEMPLATES[0]
        .load()
        .unwrap_or_else(|_| Document::new("Service loop"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_loads_and_is_canonical() {
        for template in TEMPLATES {
            let doc = template
                .load()
                .unwrap_or_else(|e| panic!("{}: {e}", template.name));
            assert!(!doc.steps().is_empty(), "{}", template.name);
            assert_eq!(
                super::super::to_string(&doc),
                template.source,
                "{} is not canonical",
                template.name
            );
        }
    }
}
