"""What all tenants share: hierarchy, accounts, scoping, the web shell."""
