"""Records -> Markdown pages. Untrusted text is escaped in `escape`, only there."""
