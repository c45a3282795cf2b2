"""NLU building blocks shared by the Rasa pipeline, the actions and the build scripts."""
