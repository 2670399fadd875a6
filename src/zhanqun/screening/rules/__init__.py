"""One module per category. Each exposes ``check(text, inp) -> Iterator[Finding]``;
dictionary rules are classes built once from the dictionaries."""
