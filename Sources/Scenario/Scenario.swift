// placeholder: filled in by the Scenario work
