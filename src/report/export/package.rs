//! A Frictionless data package: the CSV files ([`CsvFolder`]) and a `datapackage.json` that describes them (field
//! types, what each column holds, primary and foreign keys), so that `frictionless validate`
//! and any tool that reads the standard can check and load the tables.

use std::path::Path;

use serde::Serialize;

use super::csv::CsvFolder;
use super::spec::{DATE_PATTERN, ExportError, FieldType, Table};
use super::tables::tables;

/// The descriptor's file name.
pub const DESCRIPTOR: &str = "datapackage.json";

/// Writes `datapackage.json` into `folder`, beside the CSV files of [`CsvFolder`].
pub fn write_descriptor(folder: &Path, title: &str) -> Result<(), ExportError> {
    let path = folder.join(DESCRIPTOR);
    let text = descriptor(title, &tables())
        .map_err(|e| ExportError::io(&path, std::io::Error::other(e)))?;
    std::fs::write(&path, text).map_err(|e| ExportError::io(&path, e))
}

#[derive(Serialize)]
struct Package<'a> {
    profile: &'static str,
    name: &'static str,
    title: &'a str,
    description: &'static str,
    resources: Vec<Resource<'a>>,
}

#[derive(Serialize)]
struct Resource<'a> {
    name: &'a str,
    path: String,
    profile: &'static str,
    format: &'static str,
    mediatype: &'static str,
    encoding: &'static str,
    description: &'a str,
    schema: Schema<'a>,
}

#[derive(Serialize)]
struct Schema<'a> {
    fields: Vec<FieldJson<'a>>,
    #[serde(rename = "primaryKey", skip_serializing_if = "Vec::is_empty")]
    primary_key: Vec<&'a str>,
    #[serde(rename = "foreignKeys", skip_serializing_if = "Vec::is_empty")]
    foreign_keys: Vec<ForeignKeyJson<'a>>,
    #[serde(rename = "missingValues")]
    missing_values: [&'static str; 1],
}

#[derive(Serialize)]
struct FieldJson<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    ty: &'static str,
    description: &'a str,
    #[serde(skip_serializing_if = "Constraints::is_empty")]
    constraints: Constraints,
}

#[derive(Serialize, Default)]
struct Constraints {
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    required: bool,
    #[serde(rename = "enum", skip_serializing_if = "Option::is_none")]
    values: Option<&'static [&'static str]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pattern: Option<&'static str>,
}

impl Constraints {
    fn is_empty(&self) -> bool {
        !self.required && self.values.is_none() && self.pattern.is_none()
    }
}

#[derive(Serialize)]
struct ForeignKeyJson<'a> {
    fields: &'a [&'static str],
    reference: Reference<'a>,
}

#[derive(Serialize)]
struct Reference<'a> {
    resource: &'a str,
    fields: &'a [&'static str],
}

/// The descriptor of the tables, as pretty JSON.
pub fn descriptor(title: &str, tables: &[Table]) -> Result<String, serde_json::Error> {
    let package = Package {
        profile: "tabular-data-package",
        name: "accsm-work-plans",
        title,
        description: "The ACCSM work plans, their programmes, KPIs and KPI returns, and the \
                      reference lists, as written by `accsm export --format datapackage`.",
        resources: tables
            .iter()
            .map(|t| Resource {
                name: t.name,
                path: CsvFolder::file_name(t.name),
                profile: "tabular-data-resource",
                format: "csv",
                mediatype: "text/csv",
                // A byte-order mark (`--excel`) is read as such by Frictionless and by Excel.
                encoding: "utf-8",
                description: &t.description,
                schema: Schema {
                    fields: t
                        .fields
                        .iter()
                        .map(|f| {
                            let (ty, values, pattern) = match f.ty {
                                FieldType::Text | FieldType::TextList => ("string", None, None),
                                FieldType::OneOf(values) => ("string", Some(values), None),
                                FieldType::Integer => ("integer", None, None),
                                FieldType::Number => ("number", None, None),
                                FieldType::Boolean => ("boolean", None, None),
                                FieldType::Date => ("string", None, Some(DATE_PATTERN)),
                            };
                            FieldJson {
                                name: f.name,
                                ty,
                                description: &f.description,
                                constraints: Constraints {
                                    required: f.required,
                                    values,
                                    pattern,
                                },
                            }
                        })
                        .collect(),
                    primary_key: t.primary_key.clone(),
                    foreign_keys: t
                        .foreign_keys
                        .iter()
                        .map(|fk| ForeignKeyJson {
                            fields: &fk.fields,
                            reference: Reference {
                                resource: fk.table,
                                fields: &fk.reference,
                            },
                        })
                        .collect(),
                    missing_values: [""],
                },
            })
            .collect(),
    };
    crate::escape::to_json(&package)
}
