"""HerbKB's bundled herbs and normalisation tables; the build installs this folder as the
package `herbkb.data` (see pyproject.toml), so an installed herbkb finds them."""
