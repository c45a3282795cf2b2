"""Chinese language tools shared by the Rasa pipeline, the actions, the build scripts and the tests."""
