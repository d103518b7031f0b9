//! Which libraries may be loaded at all (issue 20): only absolute paths,
//! only real files (no symbolic links), and neither the library nor its
//! folder writable by others or owned by another user (root excepted).
//! Checked before any child loads the library, so a refused library's code
//! never runs.

use std::path::Path;

/// Why `path` (a library, or a folder of libraries) must not be loaded;
/// `None` when it may.
pub fn refusal(path: &Path, is_folder: bool) -> Option<String> {
    if !path.is_absolute() {
        return Some(format!(
            "is a relative path, which would be resolved against whatever folder Tenure was started in; give {} as an absolute path",
            if is_folder {
                "the folder"
            } else {
                "the library"
            }
        ));
    }
    let meta = std::fs::symlink_metadata(path).ok()?;
    if meta.file_type().is_symlink() {
        return Some(
            "is a symbolic link; Tenure loads only real files and folders (copy the library there instead)"
                .to_string(),
        );
    }
    if let Some(reason) = owner_refusal(&meta, if is_folder { "folder" } else { "library" }) {
        return Some(reason);
    }
    if !is_folder
        && let Some(parent) = path.parent()
        && let Ok(folder) = std::fs::metadata(parent)
        && let Some(reason) = owner_refusal(&folder, "folder it is in")
    {
        return Some(reason);
    }
    None
}

#[cfg(unix)]
fn owner_refusal(meta: &std::fs::Metadata, what: &str) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    if meta.mode() & 0o002 != 0 {
        return Some(format!(
            "is not trusted: the {what} can be changed by any user (it is world-writable); remove that permission (`chmod o-w`) to load it"
        ));
    }
    let me = current_uid();
    let owner = meta.uid();
    if owner != me && owner != 0 {
        return Some(format!(
            "is not trusted: the {what} belongs to another user (uid {owner}); only your own and root's files are loaded"
        ));
    }
    None
}

#[cfg(unix)]
fn current_uid() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}

#[cfg(not(unix))]
fn owner_refusal(_meta: &std::fs::Metadata, _what: &str) -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_are_refused() {
        let why = refusal(Path::new("plugins/libx.so"), false).unwrap();
        assert!(why.starts_with("is a relative path"), "{why}");
    }

    #[cfg(unix)]
    #[test]
    fn world_writable_files_and_folders_and_symlinks_are_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let lib = dir.path().join("libx.so");
        std::fs::write(&lib, b"not really a library").unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::set_permissions(&lib, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(refusal(&lib, false), None);
        std::fs::set_permissions(&lib, std::fs::Permissions::from_mode(0o666)).unwrap();
        let why = refusal(&lib, false).unwrap();
        assert!(
            why.contains("the library can be changed by any user"),
            "{why}"
        );
        std::fs::set_permissions(&lib, std::fs::Permissions::from_mode(0o644)).unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
        let why = refusal(&lib, false).unwrap();
        assert!(
            why.contains("the folder it is in can be changed by any user"),
            "{why}"
        );
        assert!(
            refusal(dir.path(), true)
                .unwrap()
                .contains("the folder can be changed")
        );
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let link = dir.path().join("liby.so");
        std::os::unix::fs::symlink(&lib, &link).unwrap();
        assert!(refusal(&link, false).unwrap().contains("symbolic link"));
    }
}
