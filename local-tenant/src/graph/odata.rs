//! OData names as clients write them: type annotations in bodies and type
//! casts in paths.
//!
//! Graph's metadata declares its schema as `Namespace="microsoft.graph"
//! Alias="graph"`, and OData lets a client name a type either way. Microsoft's
//! generated SDKs write casts with the alias (`/graph.directoryRole`) and may
//! annotate bodies with `"@odata.type": "#microsoft.graph.user"`.

use crate::graph::errors::GraphError;

/// Graph's schema namespace and the alias its metadata declares for it.
const NAMESPACE: &str = "microsoft.graph";
const ALIAS: &str = "graph";

/// Whether `annotation` (an `@odata.type` value: `#` and a qualified name)
/// names the type `name` of Graph's namespace, by its namespace or its alias.
pub fn names_type(annotation: &str, name: &str) -> bool {
    let qualified = annotation.strip_prefix('#').unwrap_or(annotation);
    qualified
        .rsplit_once('.')
        .is_some_and(|(namespace, local)| {
            local == name && (namespace == NAMESPACE || namespace == ALIAS)
        })
}

/// Checks the `@odata.type` of a body (or of a property of it) whose
/// declared type is `expected`: absent, or that type. Graph takes a derived
/// type too, but none of the types this tenant reads has one.
pub fn check_type(annotation: Option<&str>, expected: &str) -> Result<(), GraphError> {
    match annotation {
        None => Ok(()),
        Some(annotation) if names_type(annotation, expected) => Ok(()),
        Some(annotation) => Err(GraphError::bad_request(format!(
            "A resource with type '{}' was found, but it is not assignable to the expected \
             type '{NAMESPACE}.{expected}'. The type specified in the resource must be equal \
             to either the expected type or a derived type.",
            annotation
                .trim_start_matches('#')
                .chars()
                .take(100)
                .collect::<String>()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_type_is_named_by_its_namespace_or_the_alias() {
        assert!(names_type("#microsoft.graph.user", "user"));
        assert!(names_type("#graph.user", "user"));
        assert!(names_type(
            "microsoft.graph.passwordProfile",
            "passwordProfile"
        ));
        assert!(!names_type("#microsoft.graph.group", "user"));
        assert!(!names_type("#microsoft.graph.User", "user"));
        assert!(!names_type("#other.user", "user"));
        assert!(!names_type("#user", "user"));
        assert!(!names_type("", "user"));
    }

    #[test]
    fn another_type_is_refused_as_graph_does() {
        assert!(check_type(None, "user").is_ok());
        assert!(check_type(Some("#microsoft.graph.user"), "user").is_ok());
        let error = check_type(Some("#microsoft.graph.group"), "user").unwrap_err();
        assert_eq!(error.code, "Request_BadRequest");
        assert!(
            error
                .message
                .starts_with("A resource with type 'microsoft.graph.group' was found"),
            "{}",
            error.message
        );
    }
}
