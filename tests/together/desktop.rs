//! The desktop files: the icon, the menu entry with the journey file type, and the script
//! that installs them.

use std::collections::BTreeMap;
use std::fs;

use super::*;

#[test]
fn the_icon_is_the_svg_drawn_at_256_pixels_and_the_window_takes_it() {
    let svg = fs::read_to_string(root().join("assets/icon.svg")).unwrap();
    let drawn = journey_designer::export::svg_to_png(&svg, 1.0).unwrap();
    let path = root().join("assets/icon.png");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        fs::write(&path, &drawn).unwrap();
    }
    assert!(
        fs::read(&path).unwrap() == drawn,
        "assets/icon.png is not assets/icon.svg drawn; rerun with UPDATE_GOLDEN=1"
    );
    let icon = journey_designer::app::icon().unwrap();
    assert_eq!((icon.width, icon.height), (256, 256));
    assert_eq!(icon.rgba.len(), 256 * 256 * 4);
    // The corner is outside the rounded square (transparent); the hub is dark ink.
    assert_eq!(icon.rgba[3], 0);
    let centre = (128 * 256 + 128) * 4;
    assert_eq!(&icon.rgba[centre..centre + 4], &[0x1f, 0x29, 0x33, 0xff]);
}

/// The keys of a desktop entry's main group, failing on anything the format does not allow.
fn desktop_entry(text: &str) -> BTreeMap<String, String> {
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("[Desktop Entry]"));
    let mut keys = BTreeMap::new();
    for line in lines {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        assert!(!line.starts_with('['), "one group only: {line}");
        let (key, value) = line.split_once('=').unwrap();
        assert!(
            key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
            "a key is letters, digits and dashes: {key}"
        );
        assert!(!value.is_empty(), "{key} has a value");
        assert!(
            keys.insert(key.to_owned(), value.to_owned()).is_none(),
            "{key} twice"
        );
    }
    keys
}

#[test]
fn the_desktop_entry_opens_journey_files_from_the_menu_and_the_file_manager() {
    let text = fs::read_to_string(root().join("assets/journey-designer.desktop")).unwrap();
    let keys = desktop_entry(&text);
    // The keys of the Desktop Entry Specification (1.4, as desktop-file-validate knows it)
    // that an application uses.
    let known = [
        "Type",
        "Version",
        "Name",
        "GenericName",
        "Comment",
        "Exec",
        "TryExec",
        "Icon",
        "Terminal",
        "StartupNotify",
        "StartupWMClass",
        "Categories",
        "MimeType",
        "Keywords",
    ];
    for key in keys.keys() {
        assert!(known.contains(&key.as_str()), "unknown key {key}");
    }
    assert_eq!(keys["Type"], "Application");
    assert_eq!(keys["Name"], "Journey Designer");
    assert_eq!(
        keys["Exec"], "journey-designer %f",
        "one file at a time, as the editor opens one"
    );
    assert_eq!(keys["TryExec"], "journey-designer");
    assert_eq!(keys["Icon"], "journey-designer");
    assert_eq!(keys["Terminal"], "false");
    assert_eq!(
        keys["StartupWMClass"], "journey-designer",
        "the window's app id"
    );
    for list in ["Categories", "MimeType", "Keywords"] {
        assert!(keys[list].ends_with(';'), "{list} is a list ending in ;");
    }
    assert_eq!(keys["Version"], "1.4");
    // One main category of the menu specification, so the entry shows once in the menu.
    let main = [
        "AudioVideo",
        "Audio",
        "Video",
        "Development",
        "Education",
        "Game",
        "Graphics",
        "Network",
        "Office",
        "Science",
        "Settings",
        "System",
        "Utility",
    ];
    let categories: Vec<&str> = keys["Categories"]
        .split(';')
        .filter(|c| !c.is_empty())
        .collect();
    let mains: Vec<&&str> = categories.iter().filter(|c| main.contains(*c)).collect();
    assert_eq!(mains, [&"Office"]);
    // Journey files (*.journey.json) open in it by default; any other JSON file can be opened
    // with it from the file manager's Open With.
    assert_eq!(
        keys["MimeType"],
        "application/x-journey-designer+json;application/json;"
    );

    let mime = fs::read_to_string(root().join("assets/journey-designer-mime.xml")).unwrap();
    assert!(mime.contains("<mime-type type=\"application/x-journey-designer+json\">"));
    assert!(mime.contains("<sub-class-of type=\"application/json\"/>"));
    assert!(mime.contains("<glob pattern=\"*.journey.json\""));
}

#[test]
fn the_install_script_puts_the_files_where_the_desktop_looks() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("share");
    let bin = env!("CARGO_BIN_EXE_journey-designer");
    let out = Command::new("bash")
        .arg(root().join("tools/install-desktop.sh"))
        .arg(bin)
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", &data)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    let installed = fs::read_to_string(data.join("applications/journey-designer.desktop")).unwrap();
    let keys = desktop_entry(&installed);
    let bin = fs::canonicalize(bin).unwrap();
    assert_eq!(
        keys["Exec"],
        format!("{} %f", bin.display()),
        "runs the program by its full path"
    );
    assert_eq!(keys["TryExec"], bin.display().to_string());
    assert_eq!(
        fs::read(data.join("icons/hicolor/256x256/apps/journey-designer.png")).unwrap(),
        fs::read(root().join("assets/icon.png")).unwrap()
    );
    assert!(
        data.join("icons/hicolor/scalable/apps/journey-designer.svg")
            .exists()
    );
    assert_eq!(
        fs::read_to_string(data.join("mime/packages/journey-designer.xml")).unwrap(),
        fs::read_to_string(root().join("assets/journey-designer-mime.xml")).unwrap()
    );
}
