// placeholder: filled in by the Reports work
