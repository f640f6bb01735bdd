# src/gen/gen_core.mk (owned by the gen-core helper)
