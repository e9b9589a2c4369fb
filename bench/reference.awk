#!/usr/bin/mawk -f
# The reference of bench/scenarios/standard-1g.ts: loga's core figures for the
# standard format (SPEC §3.1, §4), written the way a competent awk user would,
# for the layout `loga gen --format standard` writes:
#
#   2024-01-24 10:15:32.123 INFO Request processed in 127ms
#
# Figures: lines (non-blank), entries, errors (ERROR and FATAL with their
# aliases), requests (entries carrying a response time), mean response time
# (ms), memory mean (MB) and cpu mean (%) over the entries carrying them, and
# the number of distinct minutes holding an entry. Keywords are matched
# case-insensitively at a word start, the first value of each figure counts,
# units as in SPEC §3.1 (ms|s|us|µs; B|KB|MB|GB, 1 GB = 1024 MB; %).
#
# Output: one line of key=value pairs (bench/lib/mawk.ts reads it).
# Usage: mawk -f bench/reference.awk FILE...

BEGIN {
  split("TRACE DEBUG INFO NOTICE WARN WARNING", a, " ")
  for (i in a) { LEVEL[a[i]] = 1; LEVEL["[" a[i] "]"] = 1 }
  split("ERROR ERR FATAL CRITICAL CRIT ALERT EMERG PANIC", a, " ")
  for (i in a) { LEVEL[a[i]] = 2; LEVEL["[" a[i] "]"] = 2 }
  NUM = "[0-9]+(\\.[0-9]+)?"
  RT = "(^|[^a-z])(processed[ \t]+in|completed[ \t]+in|took|duration|latency|response[ \t]+time|elapsed)[ \t]*[:=]?[ \t]*" NUM "[ \t]*(ms|s|us|µs|μs)([^a-z]|$)"
  MEM = "(^|[^a-z])(memory[ \t]+usage|mem)[ \t]*[:=]?[ \t]*" NUM "[ \t]*(b|kb|mb|gb|kib|mib|gib)([^a-z]|$)"
  CPU = "(^|[^a-z])(cpu[ \t]+usage|cpu)[ \t]*[:=]?[ \t]*" NUM "[ \t]*%"
}

NF == 0 { next }

{
  lines++
  lv = $3
  if (!(lv in LEVEL)) {
    lv = toupper(lv)
    if (!(lv in LEVEL)) next                      # malformed: no known level
  }
  if ($1 !~ /^[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]$/ || $2 !~ /^[0-2][0-9]:[0-5][0-9]:[0-6][0-9]/) next
  entries++
  if (LEVEL[lv] == 2) errors++
  minute[$1 " " substr($2, 1, 5)] = 1

  s = tolower($0)
  if (match(s, RT)) {
    t = substr(s, RSTART, RLENGTH)
    match(t, NUM)
    v = substr(t, RSTART, RLENGTH) + 0
    u = substr(t, RSTART + RLENGTH)
    sub(/^[ \t]+/, "", u)
    if (u ~ /^ms/) rt_sum += v
    else if (u ~ /^s/) rt_sum += v * 1000
    else rt_sum += v / 1000                       # us, µs
    requests++
  }
  if (index(s, "mem") && match(s, MEM)) {
    t = substr(s, RSTART, RLENGTH)
    match(t, NUM)
    v = substr(t, RSTART, RLENGTH) + 0
    u = substr(t, RSTART + RLENGTH)
    sub(/^[ \t]+/, "", u)
    if (u ~ /^b/) v /= 1048576
    else if (u ~ /^k/) v /= 1024
    else if (u ~ /^g/) v *= 1024
    mem_sum += v; mem_n++
  }
  if (index(s, "cpu") && match(s, CPU)) {
    t = substr(s, RSTART, RLENGTH)
    match(t, NUM)
    cpu_sum += substr(t, RSTART, RLENGTH); cpu_n++
  }
}

END {
  n = 0
  for (m in minute) n++
  printf "lines=%.0f entries=%.0f errors=%.0f requests=%.0f avg_response_time=%.10g memory_mb_avg=%.10g cpu_pct_avg=%.10g minutes=%d\n", \
    lines, entries, errors, requests, requests ? rt_sum / requests : 0, mem_n ? mem_sum / mem_n : 0, cpu_n ? cpu_sum / cpu_n : 0, n
}
