TESTS += tests/e2e/cli.sh
EXTRA_DIST += tests/e2e/cli.sh
TESTS += tests/e2e/docs.sh tests/e2e/quickstart.sh tests/e2e/cli_usage.sh tests/e2e/cli_robust.sh tests/e2e/install_docs.sh tests/e2e/text_habits.sh tests/e2e/json_extra.sh \
	tests/e2e/llc_text.sh tests/e2e/erspan_text.sh
EXTRA_DIST += tests/e2e/docs.sh tests/e2e/quickstart.sh tests/e2e/cli_usage.sh tests/e2e/cli_robust.sh tests/e2e/install_docs.sh tests/e2e/text_habits.sh tests/e2e/json_extra.sh docs scripts \
	tests/e2e/llc_text.sh tests/e2e/llc_frames.py tests/e2e/text_records.py tests/e2e/erspan_text.sh
# DHCP, NTP and tunnel text against tcpdump on the shared captures
TESTS += tests/e2e/udpapps_text.sh
EXTRA_DIST += tests/e2e/udpapps_text.sh
# The include rules of docs/layout.md (no include loops, layers, where libpcap,
# AF_PACKET, curses, json-c and OpenSSL may be included).
TESTS += tests/e2e/layers.sh
EXTRA_DIST += tests/e2e/layers.sh tests/e2e/layers.py docs/layout.md
# Display filters and -T fields against tshark on every shared capture
# (tests/e2e/dfilter_exprs.txt; known differences explained in the script).
TESTS += tests/e2e/dfilter_tshark.sh
EXTRA_DIST += tests/e2e/dfilter_tshark.sh tests/e2e/dfilter_tshark.py tests/e2e/dfilter_exprs.txt \
	tests/e2e/dfilter_exprs_syntax.txt
# Runs that skip the flow stage (a -Y/-e needing none of it) give a full run's results.
TESTS += tests/e2e/dfilter_stages.sh
EXTRA_DIST += tests/e2e/dfilter_stages.sh tests/e2e/dfilter_stages.py
# src/filter/df_wsnames.inc is what scripts/gen-ws-names.py makes from tshark.
TESTS += tests/e2e/ws_names.sh
EXTRA_DIST += tests/e2e/ws_names.sh
# src/filter/df_vstr.inc is what scripts/gen-vstrings.py makes from tshark.
TESTS += tests/e2e/vstrings.sh
EXTRA_DIST += tests/e2e/vstrings.sh tests/e2e/gen_current.sh
# docs/fields.md is generated from src/filter/df_fields.def and must be current.
TESTS += tests/e2e/fields_doc.sh
EXTRA_DIST += tests/e2e/fields_doc.sh
# -Y and -T fields through the command line (text, --json, -q, -w, BPF, errors, live).
TESTS += tests/e2e/dfilter_cli.sh
EXTRA_DIST += tests/e2e/dfilter_cli.sh
TESTS += tests/e2e/dns_text.sh
EXTRA_DIST += tests/e2e/dns_text.sh
# IP defragmentation in the run path against tshark (IPv4 in order and
# last-first, IPv6, an incomplete datagram; --no-defrag; text unchanged; -q).
TESTS += tests/e2e/defrag.sh
EXTRA_DIST += tests/e2e/defrag.sh
# DNS over TCP from the reassembled stream against tshark on a real exchange
# on loopback in a netns (split prefix/header, 2 messages per segment, ...).
TESTS += tests/e2e/dns_tcp_stream.sh
EXTRA_DIST += tests/e2e/dns_tcp_stream.sh tests/e2e/dns_tcp_peer.py
# -r FILE --workers N: byte-identical to one worker on every capture (docs/workers.md)
TESTS += tests/e2e/workers_offline.sh
EXTRA_DIST += tests/e2e/workers_offline.sh
# which plan -r FILE --workers N runs on 1, 2, 3 usable cores (taskset)
TESTS += tests/e2e/workers_plan.sh
EXTRA_DIST += tests/e2e/workers_plan.sh
# --workers 2 --source packet in a netns pair: exactly once, flows whole per worker
TESTS += tests/e2e/live_workers.sh
EXTRA_DIST += tests/e2e/live_workers.sh
TESTS += tests/e2e/live_fanout_hash.sh
EXTRA_DIST += tests/e2e/live_fanout_hash.sh
TESTS += tests/e2e/live_workers_probe.sh
EXTRA_DIST += tests/e2e/live_workers_probe.sh
# DNS and HTTP text of samples/demo-app.pcap equal to tcpdump -nn (default, -v, -vv)
TESTS += tests/e2e/app_demo_text.sh
EXTRA_DIST += tests/e2e/app_demo_text.sh
