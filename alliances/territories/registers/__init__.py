"""Imports of public registers into the directory, and synthetic files in their layouts.

- `rna.rna_import`: associations from the RNA exports (waldec and import layouts);
- `sirene.sirene_import`: companies from the SIRENE legal units file, then the addresses of
  their head offices from the establishments file;
- `generate.rna.rna_generate`, `generate.sirene.sirene_generate`: realistic files in the
  same layouts, for tests and benchmarks.

`engine` runs every import (batches, resume, rejects, summary); `store` and `store_pg` write
organisations (portable and PostgreSQL set-based paths); `head_office` and
`head_office_pg` update addresses from SIRENE establishments.
"""
