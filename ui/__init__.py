"""The Streamlit app: a thin layer over `herbkb`."""
