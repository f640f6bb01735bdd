# src/capture.mk
