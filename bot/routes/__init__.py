"""Routes grouped by who calls them: shoppers, agents, and the pages themselves."""
