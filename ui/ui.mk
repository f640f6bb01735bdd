# ui/ui.mk
