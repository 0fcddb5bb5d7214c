"""The Soggetti screen: the stakeholder registry and its dialogs."""
