// placeholder: filled in by the Fabric work
