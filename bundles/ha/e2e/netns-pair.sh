#!/usr/bin/env bash
# Two gateways (the real jar) as a pair, each in its own network namespace, joined by two veth links: the LAN
# (a bridge in a third namespace, where Mosquitto runs as the witness and the uplink's broker) and a direct
# "cable". The uplink's MQTT transport is gated by the pair (one client id for the pair: it runs on the active).
# A TEST-ONLY producer bundle (bundles/ha/e2e/producer, built here with javac, installed into both gateways through
# the web console as an integrator would install a bundle) publishes a numbered burst through the api Uplink on
# whichever node acts; an independent mosquitto_sub in the broker's namespace records what arrives, by id.
#
# 1. kill -9: TRIALS times, mid-burst, kill -9 of the active; the standby must take over; the killed node is
#    started again and must come back as STANDBY (no fail-back). Per trial and in total: lost (accepted by
#    publish, never received: must be 0), duplicates (received more than once), replayed at the takeover.
# 2. SIGSTOP: STOP_TRIALS times, mid-burst, the active frozen until the standby took over, then SIGCONT: the
#    resumed node must demote without acting; counted: times both report ACTIVE, messages it accepted after
#    SIGCONT that reached the broker, its broker connections after SIGCONT, resume -> DEMOTED.
# 3. throughput (THROUGHPUT_SECONDS > 0): THREADS publishers as fast as publish returns, delivered messages/s at
#    mosquitto_sub with the standby in sync, then the same with the standby stopped and the pair unconfigured
#    (STANDALONE): side by side.
# Prints p50/p99/max of kill -> peer declared dead and kill -> standby ACTIVE (from the gateways' own log
# timestamps), and exits non-zero when a trial failed (a loss, no takeover, two actives).
# Then, with keepalived installed, the same kill -9 of the VRRP master in the same namespaces, at keepalived's
# defaults (advert 1 s) and at advert 0.1 s (VRRPv3): kill -> the backup's MASTER transition (its notify
# script stamps it).
#
# Needs root, iproute2, mosquitto, mosquitto-clients, curl, a JDK (javac); keepalived for the comparison.
# Run from the repository root after building the jar (mvn -pl runtime -am verify -DskipTests):
#   sudo bundles/ha/e2e/netns-pair.sh            (TRIALS=20, STOP_TRIALS=5, KEEPALIVED_TRIALS=10,
#                                                 THROUGHPUT_SECONDS=20, THREADS=8 by default)
set -euo pipefail

JAR=${JAR:-$PWD/runtime/target/cabinetgw.jar}
TRIALS=${TRIALS:-20}
KEEPALIVED_TRIALS=${KEEPALIVED_TRIALS:-10}
STOP_TRIALS=${STOP_TRIALS:-5}
THROUGHPUT_SECONDS=${THROUGHPUT_SECONDS:-20}
THREADS=${THREADS:-8}
SWITCH_TRIALS=${SWITCH_TRIALS:-6}
RESTART_TRIALS=${RESTART_TRIALS:-3}
CUT_TRIALS=${CUT_TRIALS:-2}
START_TRIALS=${START_TRIALS:-10}
ISOLATE_TRIALS=${ISOLATE_TRIALS:-5}
BURST_PAUSE_MS=${BURST_PAUSE_MS:-2}
API_JAR=${API_JAR:-$(ls "$PWD"/bundles/api/target/org.cabinetgw.api-*.jar 2>/dev/null | grep -v sources | head -1)}
OSGI_JAR=${OSGI_JAR:-$HOME/.m2/repository/org/osgi/osgi.core/8.0.0/osgi.core-8.0.0.jar}
HERE=$(cd "$(dirname "$0")" && pwd)
NS_A=ha-e2e-a NS_B=ha-e2e-b NS_M=ha-e2e-m
# one run at a time on a machine: the namespace and link names are fixed, and a second run's clean-up would kill the
# first's gateways (the campaign's pair phase runs this script too); a second run waits here for the first to end
exec 9>/run/lock/cabinetgw-ha-e2e.lock
flock -w 1200 9 || { echo "another run of this script has held /run/lock/cabinetgw-ha-e2e.lock for 20 min"; exit 2; }
WORK=$(mktemp -d /tmp/ha-e2e.XXXXXX)
declare -A PID=()
failures=0

cleanup() {
  for k in "${!PID[@]}"; do kill -9 "${PID[$k]}" 2>/dev/null || true; done
  for n in $NS_A $NS_B $NS_M; do
    # only what runs in our own namespaces
    for p in $(ip netns pids "$n" 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
    ip netns del "$n" 2>/dev/null || true
  done
}
trap cleanup EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
in_ns() { local n=$1; shift; ip netns exec "$n" "$@"; }

[ "$(id -u)" = 0 ] || { echo "needs root (network namespaces)"; exit 2; }
[ -f "$JAR" ] || { echo "no $JAR: build it first (mvn -pl runtime -am verify -DskipTests)"; exit 2; }
[ -f "$API_JAR" ] || { echo "no api jar (bundles/api/target): build first, or set API_JAR"; exit 2; }

# ---- the test-only producer bundle -------------------------------------------------------------------------
mkdir -p "$WORK/producer" "$WORK/e2e"
javac --release 17 -d "$WORK/producer" -cp "$API_JAR:$OSGI_JAR" "$HERE"/producer/org/cabinetgw/ha/e2e/*.java
jar cfm "$WORK/producer.jar" "$HERE/producer/MANIFEST.MF" -C "$WORK/producer" .
echo "e2e-console-$RANDOM$RANDOM" > "$WORK/console-password"

# ---- the network -----------------------------------------------------------------------------------------
cleanup
for n in $NS_A $NS_B $NS_M; do ip netns add $n; in_ns $n ip link set lo up; done
in_ns $NS_M ip link add br0 type bridge
for x in a b; do
  ns=$([ $x = a ] && echo $NS_A || echo $NS_B)
  ip link add ha-$x-lan type veth peer name ha-m-$x
  ip link set ha-$x-lan netns $ns
  ip link set ha-m-$x netns $NS_M
  in_ns $NS_M ip link set ha-m-$x master br0
  in_ns $NS_M ip link set ha-m-$x up
done
in_ns $NS_M ip addr add 10.77.0.10/24 dev br0
in_ns $NS_M ip link set br0 up
in_ns $NS_A ip addr add 10.77.0.1/24 dev ha-a-lan; in_ns $NS_A ip link set ha-a-lan up
in_ns $NS_B ip addr add 10.77.0.2/24 dev ha-b-lan; in_ns $NS_B ip link set ha-b-lan up
ip link add ha-a-cab type veth peer name ha-b-cab
ip link set ha-a-cab netns $NS_A; ip link set ha-b-cab netns $NS_B
in_ns $NS_A ip addr add 192.168.77.1/24 dev ha-a-cab; in_ns $NS_A ip link set ha-a-cab up
in_ns $NS_B ip addr add 192.168.77.2/24 dev ha-b-cab; in_ns $NS_B ip link set ha-b-cab up

printf 'listener 1883 10.77.0.10\nallow_anonymous true\nuser root\n' > "$WORK/mosquitto.conf"
# ip netns exec directly (not through a shell function), so $! is the process itself, not a subshell
ip netns exec $NS_M mosquitto -c "$WORK/mosquitto.conf" > "$WORK/mosquitto.log" 2>&1 &
PID[broker]=$!
# the independent counter: every message on the broker, by id (QoS 1, connected before the first publish)
for _ in $(seq 1 50); do in_ns $NS_M mosquitto_pub -h 10.77.0.10 -t e2e/ping -m x 2>/dev/null && break; sleep 0.1; done
ip netns exec $NS_M mosquitto_sub -h 10.77.0.10 -t '#' -q 1 -v -i e2e-counter > "$WORK/sub.out" 2>&1 &
PID[sub]=$!
# the same messages stamped on arrival (%U: epoch seconds with ns), for "the first message of the new active
# acknowledged by the broker": the broker forwards a QoS 1 publish when it takes it, as it acknowledges it
ip netns exec $NS_M mosquitto_sub -h 10.77.0.10 -t '#' -q 1 -F '%U %p' -i e2e-clock > "$WORK/sub-ts.out" 2>&1 &
PID[subts]=$!
first_ack_ms() { # after-ms -> arrival (ms) of the first numbered message at or after after-ms; empty when none
  awk -v t="$1" '/e2e-[ab]-[0-9]/ { split($1, s, "."); ms = s[1] * 1000 + substr(s[2], 1, 3)
    if (ms >= t) { printf "%.0f\n", ms; exit } }' "$WORK/sub-ts.out" 2>/dev/null || true
}

site() { # node-id priority lan-local lan-peer cable-local cable-peer
  cat <<EOF
{":configurator:resource-version": 1, ":configurator:symbolic-name": "ha.e2e.$1", ":configurator:version": "1.0.0",
 "org.cabinetgw.uplink.mqtt": {"server.uri": "tcp://10.77.0.10:1883", "client.id": "cabinet-77",
   "osgi.ds.satisfying.condition.target": "(osgi.condition.id=cabinetgw.active)"},
 "org.cabinetgw.ha": {"pair.id": "cabinet-77", "node.id": "$1", "priority": $2,
   "paths": ["lan;$3:7405;$4:7405", "cable;$5:7405;$6:7405"],
   "pair.key": "e2e-pair-key-0123456789", "witness.mqtt.uri": "tcp://10.77.0.10:1883"}}
EOF
}
site gw-a 200 10.77.0.1 10.77.0.2 192.168.77.1 192.168.77.2 > "$WORK/a.json"
site gw-b 100 10.77.0.2 10.77.0.1 192.168.77.2 192.168.77.1 > "$WORK/b.json"

start() { # a|b
  local ns=$([ $1 = a ] && echo $NS_A || echo $NS_B)
  ip netns exec $ns java -Xmx128m -Dha.e2e.dir="$WORK/e2e" -Dha.e2e.node=$1 -Dha.e2e.threads="${PRODUCERS:-1}" \
      -jar "$JAR" --data "$WORK/${SITE_PREFIX:-}$1" --http-port 8080 --no-shell --config "$WORK/${SITE_PREFIX:-}$1.json" \
      --console-password-file "$WORK/console-password" >> "$WORK/$1.out" 2>&1 &
  PID[$1]=$!
}
install_producer() { # a|b: through the web console, as an integrator installs a bundle; kept in the bundle cache
  local ns=$([ $1 = a ] && echo $NS_A || echo $NS_B) end=$(( $(now_ms) + 180000 ))
  local console=127.0.0.1:8080/system/console auth="admin:$(cat "$WORK/console-password")"
  while [ "$(now_ms)" -lt $end ]; do
    # (Web Console 4.9 reads the action of a multipart upload from the query string only)
    in_ns $ns curl -s -m 10 -o /dev/null -u "$auth" -F "bundlefile=@$WORK/producer.jar" "$console/bundles?action=install" || true
    in_ns $ns curl -s -m 10 -o /dev/null -u "$auth" -d action=start "$console/bundles/org.cabinetgw.ha.e2e.producer" || true
    if in_ns $ns curl -s -m 10 -u "$auth" "$console/bundles/org.cabinetgw.ha.e2e.producer.json" 2>/dev/null \
        | grep -q '"state":"Active"'; then
      return 0
    fi
    sleep 1
  done
  echo "FAIL: could not install the producer into gw-$1"; return 1
}
burst() { # on|off: the producers publish (on whichever node acts) while the file exists
  if [ "$1" = on ]; then echo "$BURST_PAUSE_MS" > "$WORK/e2e/burst.tmp"; mv "$WORK/e2e/burst.tmp" "$WORK/e2e/burst"
  else rm -f "$WORK/e2e/burst"; fi
}
accepted_ids() { # [before-ms] [from-ms]: the ids whose publish returned (before that time; at or after the second)
  cat "$WORK"/e2e/accepted-*.log 2>/dev/null \
    | awk -v t="${1:-99999999999999}" -v f="${2:-0}" '$2 != "refused" && $2 < t && $2 >= f {print $1}' | sort -u
}
received_all() { grep -o 'e2e-[ab]-[0-9]*-[0-9]*' "$WORK/sub.out" 2>/dev/null || true; }
lost_count() { comm -23 <(accepted_ids "${1:-}" "${2:-}") <(received_all | sort -u) | wc -l; }
await_delivered() { # [before-ms] [from-ms]: waits until every id accepted (before then; from the second) was received
  # (60 s at most); prints the number lost
  local end=$(( $(now_ms) + 60000 )) lost
  while :; do
    lost=$(lost_count "${1:-}" "${2:-}")
    if [ "$lost" = 0 ] || [ "$(now_ms)" -ge $end ]; then echo "$lost"; return; fi
    sleep 0.5
  done
}
role() { # a|b -> the role from GET /ha, or "none"
  local ns=$([ $1 = a ] && echo $NS_A || echo $NS_B)
  in_ns $ns curl -s -m 2 127.0.0.1:8080/ha 2>/dev/null | grep -o '"role":"[A-Z]*"' | head -1 | cut -d'"' -f4 || true
}
await_steady() { # waits until one ACTIVE and one STANDBY; prints the active (a|b)
  local end=$(( $(now_ms) + 120000 ))
  while [ "$(now_ms)" -lt $end ]; do
    local ra rb; ra=$(role a); rb=$(role b)
    if [ "$ra" = ACTIVE ] && [ "$rb" = STANDBY ]; then echo a; return; fi
    if [ "$rb" = ACTIVE ] && [ "$ra" = STANDBY ]; then echo b; return; fi
    sleep 0.2
  done
  echo "no steady pair: a=$(role a) b=$(role b)" >&2; return 1
}
replication() { # a|b -> the replication state from GET /ha (the active's view of the standby's replica)
  local ns=$([ $1 = a ] && echo $NS_A || echo $NS_B)
  in_ns $ns curl -s -m 2 127.0.0.1:8080/ha 2>/dev/null | grep -o '"replication":"[A-Z_]*"' | head -1 | cut -d'"' -f4 || true
}
await_in_sync() { # a|b (the active): its standby holds the uplink queue's replica
  local end=$(( $(now_ms) + 60000 ))
  while [ "$(now_ms)" -lt $end ]; do
    [ "$(replication $1)" = IN_SYNC ] && return 0
    sleep 0.2
  done
  echo "FAIL: gw-$1's standby not in sync: $(replication $1)"; return 1
}
log_ms() { # node pattern after-ms -> the first log line's time (ms) at or after after-ms matching pattern
  local file="$WORK/$1/logs/cabinetgw.log" t
  # (no line at all, or grep cut short by the break, is no failure of the script: set -e with pipefail)
  { grep -h -- "$2" "$file" 2>/dev/null || true; } | while read -r stamp _; do
    t=$(date -d "$stamp" +%s%3N 2>/dev/null) || continue
    if [ "$t" -ge "$3" ]; then echo "$t"; break; fi
  done || true
}
iso_ms() { printf '%s.%03dZ' "$(date -u -d @$(( $1 / 1000 )) +%Y-%m-%dT%H:%M:%S)" $(( $1 % 1000 )); }
count_lines() { # from-ms to-ms pattern node... -> how many lines of those nodes' logs match, stamped from..to
  local from to pat=$3 files=(); from=$(iso_ms "$1"); to=$(iso_ms "$2"); shift 3
  for n in "$@"; do files+=("$WORK/$n/logs/cabinetgw.log"); done
  { cat "${files[@]}" 2>/dev/null || true; } | awk -v f="$from" -v t="$to" -v p="$pat" '$0 ~ p && $1 >= f && $1 <= t {n++} END {print n + 0}'
}
stats() { # label values...
  local label=$1; shift
  sort -n <<<"$(printf '%s\n' "$@")" > "$WORK/stats"
  local n; n=$(wc -l < "$WORK/stats")
  local p50 p99 max
  p50=$(sed -n "$(( (n + 1) / 2 ))p" "$WORK/stats")
  p99=$(sed -n "$(( (n * 99 + 99) / 100 ))p" "$WORK/stats")
  max=$(tail -1 "$WORK/stats")
  printf '%-58s n=%-3s p50 %5s ms  p99 %5s ms  max %5s ms\n' "$label" "$n" "$p50" "$p99" "$max"
}

begin_trial() { # sets active and standby (a steady pair, the standby in sync) and starts a burst for 1 s
  active=$(await_steady)
  standby=$([ $active = a ] && echo b || echo a)
  await_in_sync $active || failures=$((failures + 1))
  burst on
  sleep 1
}

# ---- the pair: kill -9 of the active mid-burst, TRIALS times -----------------------------------------------
start a; start b
install_producer a; install_producer b
active=$(await_steady)
# Started at once, but a JVM start takes seconds here: the node whose pair component came up more than
# startup.wait.millis before the other's found no peer and took over alone (the witness holding no lease); only a
# start within that window is an election, which the higher priority (gw-a) wins.
echo "pair up: gw-$active ACTIVE, the other STANDBY; the producer installed on both"
detect=(); takeover=(); replayed_all=(); first_ack=(); kill_ack=()
for i in $(seq 1 "$TRIALS"); do
  active=$(await_steady)
  standby=$([ $active = a ] && echo b || echo a)
  await_in_sync $active || failures=$((failures + 1))
  dup0=$(( $(received_all | wc -l) - $(received_all | sort -u | wc -l) ))
  burst on
  sleep 1
  t0=$(now_ms)
  kill -9 "${PID[$active]}"; unset "PID[$active]"
  end=$(( t0 + 30000 ))
  while [ "$(role $standby)" != ACTIVE ] && [ "$(now_ms)" -lt $end ]; do sleep 0.05; done
  if [ "$(role $standby)" != ACTIVE ]; then
    echo "FAIL trial $i: gw-$standby did not take over"; failures=$((failures + 1)); burst off; start $active; continue
  fi
  sleep 1   # the burst goes on, now on the new active
  burst off
  lost=$(await_delivered)
  dup1=$(( $(received_all | wc -l) - $(received_all | sort -u | wc -l) ))
  dead=$(log_ms $standby "silent on every path" "$t0")
  act=$(log_ms $standby "Role STANDBY -> ACTIVE" "$t0")
  # (a node that never replayed has no such line: no failure of the script under pipefail)
  replayed=$({ grep -h "Takeover: .* handed to" "$WORK/$standby/logs/cabinetgw.log" 2>/dev/null || true; } | tail -1 \
      | sed -n 's/.*Takeover: \([0-9]*\) message.*/\1/p')
  replayed=${replayed:-0}
  detect+=($(( dead - t0 ))); takeover+=($(( act - t0 ))); replayed_all+=("$replayed")
  ack=$([ -n "$act" ] && first_ack_ms "$act" || true)
  if [ -n "$ack" ]; then first_ack+=($(( ack - act ))); kill_ack+=($(( ack - t0 ))); fi
  echo "trial $i: killed gw-$active mid-burst; gw-$standby declared it dead after $(( dead - t0 )) ms, ACTIVE after" \
       "$(( act - t0 )) ms, first message acknowledged $([ -n "$ack" ] && echo $(( ack - act )) || echo '?') ms after" \
       "that; replayed $replayed; accepted so far $(accepted_ids | wc -l), lost $lost," \
       "duplicates this trial $(( dup1 - dup0 ))"
  [ "$lost" = 0 ] || { echo "FAIL trial $i: $lost accepted message(s) never reached the broker"; failures=$((failures + 1)); }
  start $active   # back as STANDBY: no fail-back
done
back=$(await_steady)
echo "after the last restart: gw-$back ACTIVE, the restarted node STANDBY"

kill_accepted=$(accepted_ids | wc -l); kill_received=$(received_all | wc -l); kill_distinct=$(received_all | sort -u | wc -l)
kill_lost=$(lost_count)
# kill -9 only (a frozen node keeps its TCP session open: there the broker closing it for the new active is the
# fence, expected): one MQTT client id for the pair; had both uplinks run at once, the broker would have closed one
twice=$(grep -c "already connected" "$WORK/mosquitto.log" || true)
echo "uplink connections as cabinet-77: $(grep -c 'as cabinet-77 ' "$WORK/mosquitto.log" || true), taken over from a connected twin: $twice"
[ "$twice" = 0 ] || { echo "FAIL: both uplinks were connected at once $twice time(s)"; failures=$((failures + 1)); }

# ---- SIGSTOP of the active mid-burst (a CPU stall), then SIGCONT -------------------------------------------
stalled_published=0; both_active=0; resume_demote=(); stop_detect=(); stop_takeover=(); stop_ack=()
for i in $(seq 1 "$STOP_TRIALS"); do
  begin_trial
  t0=$(now_ms)
  kill -STOP "${PID[$active]}"
  end=$(( t0 + 30000 ))
  while [ "$(role $standby)" != ACTIVE ] && [ "$(now_ms)" -lt $end ]; do sleep 0.05; done
  if [ "$(role $standby)" != ACTIVE ]; then
    echo "FAIL stop $i: gw-$standby did not take over while gw-$active was frozen"; failures=$((failures + 1))
  fi
  sleep 1     # frozen well past the timeout, the new active publishing
  sdead=$(log_ms $standby "silent on every path" "$t0"); sact=$(log_ms $standby "Role STANDBY -> ACTIVE" "$t0")
  sack=$([ -n "$sact" ] && first_ack_ms "$sact" || true)
  [ -n "$sdead" ] && stop_detect+=($(( sdead - t0 )))
  [ -n "$sact" ] && stop_takeover+=($(( sact - t0 )))
  [ -n "$sack" ] && stop_ack+=($(( sack - sact )))
  broker_lines=$(wc -l < "$WORK/mosquitto.log")
  tc=$(now_ms)
  kill -CONT "${PID[$active]}"
  # watch both for 5 s: the resumed node must never report ACTIVE beside the new active
  both=0; end=$(( tc + 5000 ))
  while [ "$(now_ms)" -lt $end ]; do
    ra=$(role $active); rs=$(role $standby)
    [ "$ra" = ACTIVE ] && [ "$rs" = ACTIVE ] && both=$((both + 1))
    sleep 0.05
  done
  burst off
  lost=$(await_delivered "$tc")   # what was accepted before the resume; after it, see "stranded" below
  dem=$(log_ms $active "Role ACTIVE -> DEMOTED" "$tc")
  # what the resumed node accepted after SIGCONT (its producer still saw the condition) and the broker received
  after=$(awk -v t="$tc" '$2 != "refused" && $2 >= t {print $1}' "$WORK/e2e/accepted-$active.log" | sort -u)
  # by the message's own time ("ts", set when the producer made it): a publish begun before the freeze returns only
  # after SIGCONT (its wait for the standby was frozen), but that message was stored, replicated and often delivered
  # before the freeze; only one made after the resume says the resumed node acted
  reached=0; inflight=0
  for id in $(comm -12 <(printf '%s\n' $after | sort -u) <(received_all | sort -u)); do
    ts=$(grep -m1 -o "\"id\":\"$id\",\"ts\":\"[^\"]*\"" "$WORK/sub.out" | sed 's/.*"ts":"\([^"]*\)"/\1/')
    if [ "$(date -d "$ts" +%s%3N)" -ge "$tc" ]; then reached=$((reached + 1)); else inflight=$((inflight + 1)); fi
  done
  # accepted by the deposed node after it resumed, before it learnt it was deposed: in its own queue only
  stranded=$(comm -23 <(printf '%s\n' $after | sort -u) <(received_all | sort -u) | grep -c . || true)
  stranded_all=$(( ${stranded_all:-0} + stranded ))
  conns=$(tail -n +$(( broker_lines + 1 )) "$WORK/mosquitto.log" | grep -c "New client connected from 10.77.0.$([ $active = a ] && echo 1 || echo 2):[0-9]* as cabinet-77 " || true)
  [ -n "$dem" ] && resume_demote+=($(( dem - tc )))
  stalled_published=$(( stalled_published + reached )); both_active=$(( both_active + both ))
  echo "stop $i: froze gw-$active mid-burst; gw-$standby ACTIVE; after SIGCONT gw-$active: role $(role $active)," \
       "DEMOTED after $([ -n "$dem" ] && echo $(( dem - tc )) || echo '?') ms, accepted $(printf '%s\n' $after | grep -c . || true)" \
       "after resuming, of which reached the broker $reached made after SIGCONT ($inflight more made before the freeze," \
       "their publish returning after it; stranded in its own queue $stranded), broker connections" \
       "from it $conns; both ACTIVE seen $both time(s); lost (accepted before SIGCONT) $lost"
  [ "$lost" = 0 ] || { echo "FAIL stop $i: $lost accepted message(s) never reached the broker"; failures=$((failures + 1)); }
  fenced=$(grep -c "Acting permit lapsed" "$WORK/$active/logs/cabinetgw.log" || true)
  conns_all=$(( ${conns_all:-0} + conns ))
  echo "stop $i: gw-$active logged its acting permit lapsed $fenced time(s) so far (a demotion read before its first" \
       "tick withdraws it without that line)"
  # acting = reporting ACTIVE beside the new active, a message of its reaching the broker, or a connection as the pair
  [ "$both" = 0 ] && [ "$reached" = 0 ] && [ "$conns" = 0 ] \
      || { echo "FAIL stop $i: the resumed node acted"; failures=$((failures + 1)); }
done

# ---- a planned switchover, and an orderly stop, of the active under load ---------------------------------------
ns_of() { [ $1 = a ] && echo $NS_A || echo $NS_B; }
admin_post() { # a|b path -> the HTTP status of an administrator's POST
  in_ns "$(ns_of $1)" curl -s -m 10 -o /dev/null -w '%{http_code}' -u "admin:$(cat "$WORK/console-password")" \
      -X POST "127.0.0.1:8080$2" || true
}
watch_both_active() { # ms -> how many samples (every ~50 ms) saw both nodes report ACTIVE
  local end=$(( $(now_ms) + $1 )) both=0
  while [ "$(now_ms)" -lt $end ]; do
    [ "$(role a)" = ACTIVE ] && [ "$(role b)" = ACTIVE ] && both=$((both + 1))
    sleep 0.05
  done
  echo $both
}
switch_times=(); switch_both=0; switch_held=0
for i in $(seq 1 "$SWITCH_TRIALS"); do
  begin_trial
  t0=$(now_ms)
  if [ $(( i % 2 )) = 1 ]; then
    how="POST /ha/switchover"; code=$(admin_post $active /ha/switchover)
    [ "$code" = 200 ] || { echo "FAIL switch $i: POST /ha/switchover answered $code"; failures=$((failures + 1)); }
  else
    how="orderly stop (SIGTERM)"; kill -TERM "${PID[$active]}"
  fi
  both=$(watch_both_active 3000)   # the burst goes on, on the new active
  burst off
  act=$(log_ms $standby "Role STANDBY -> ACTIVE" "$t0")
  if [ -z "$act" ]; then echo "FAIL switch $i ($how): gw-$standby did not take over"; failures=$((failures + 1)); fi
  lost=$(await_delivered "$t0")   # everything accepted before the switch began
  # accepted by the old active after it handed over (its producer still saw the condition for a moment): in its own
  # queue, sent when it acts again (the next trial switches back); counted, and checked at the end of the section
  held=$(comm -23 <(accepted_ids | sort -u) <(received_all | sort -u) | grep -c . || true)
  switch_held=$(( switch_held + held )); switch_both=$(( switch_both + both ))
  [ -n "$act" ] && switch_times+=($(( act - t0 )))
  echo "switch $i: $how of gw-$active mid-burst; gw-$standby ACTIVE after $([ -n "$act" ] && echo $(( act - t0 )) || echo '?') ms;" \
       "both ACTIVE seen $both time(s); lost (accepted before the switch) $lost; accepted and not delivered yet $held"
  [ "$lost" = 0 ] && [ "$both" = 0 ] || { echo "FAIL switch $i"; failures=$((failures + 1)); }
  if [ "$how" != "POST /ha/switchover" ]; then
    wait "${PID[$active]}" 2>/dev/null || true; unset "PID[$active]"
    start $active   # back as STANDBY
  fi
done
if [ "$SWITCH_TRIALS" -gt 0 ]; then
  # what an old active held goes out once it acts again: switch back until nothing accepted is missing (at most twice)
  for _ in 1 2; do
    [ "$(await_delivered)" = 0 ] && break
    active=$(await_steady); await_in_sync $active || true; admin_post $active /ha/switchover > /dev/null; sleep 2
  done
  switch_lost=$(await_delivered)
  echo "switchover/stop trials: accepted and never delivered at the end: $switch_lost"
  [ "$switch_lost" = 0 ] || { echo "FAIL: $switch_lost message(s) accepted during the switchovers never delivered"; failures=$((failures + 1)); }
fi

# ---- the standby killed (kill -9) and restarted while the active publishes --------------------------------------
restart_sync=()
for i in $(seq 1 "$RESTART_TRIALS"); do
  # lost counts what was accepted from here: a message a deposed node accepted after SIGCONT (the SIGSTOP trial's
  # "stranded in its own queue") goes out only when that node acts again, and is not this trial's loss
  tb=$(now_ms)
  begin_trial
  kill -9 "${PID[$standby]}"; unset "PID[$standby]"
  n0=$(accepted_ids | wc -l); sleep 2; n1=$(accepted_ids | wc -l)   # the active keeps accepting alone
  r_alone=$(role $active); repl_alone=$(replication $active)
  t0=$(now_ms); start $standby
  await_in_sync $active > /dev/null || true
  t1=$(now_ms)
  sleep 1
  burst off
  lost=$(await_delivered "" "$tb")
  restart_sync+=($(( t1 - t0 )))
  echo "restart $i: gw-$standby killed mid-burst; gw-$active $r_alone, its standby $repl_alone, accepted $(( n1 - n0 ))" \
       "in 2 s alone; restarted gw-$standby IN_SYNC $(( t1 - t0 )) ms after its start; lost $lost"
  [ "$lost" = 0 ] && [ "$r_alone" = ACTIVE ] && [ $(( n1 - n0 )) -gt 0 ] && [ "$(replication $active)" = IN_SYNC ] \
      || { echo "FAIL restart $i"; failures=$((failures + 1)); }
done

# ---- heartbeat paths cut -----------------------------------------------------------------------------------------
# the cable alone: a path lost, no takeover; the LAN between the two nodes alone (the cable up, each still reaches
# the broker): the other path lost, no takeover; the cable and the LAN between the two nodes: every path lost, the
# witness shows the active renewing its lease, no takeover either
cut_takeovers=0
for i in $(seq 1 "$CUT_TRIALS"); do
  active=$(await_steady)
  standby=$([ $active = a ] && echo b || echo a)
  for what in cable lan all; do
    t0=$(now_ms)
    if [ $what != lan ]; then in_ns $NS_A ip link set ha-a-cab down; fi
    if [ $what != cable ]; then
      in_ns $NS_A ip route add prohibit 10.77.0.2/32; in_ns $NS_B ip route add prohibit 10.77.0.1/32
    fi
    sleep 3
    ra=$(role $active); rs=$(role $standby)
    down=$(grep -c "Heartbeat path .* is down" "$WORK/$standby/logs/cabinetgw.log" || true)
    if [ $what != lan ]; then in_ns $NS_A ip link set ha-a-cab up; fi
    if [ $what != cable ]; then
      in_ns $NS_A ip route del prohibit 10.77.0.2/32; in_ns $NS_B ip route del prohibit 10.77.0.1/32
    fi
    took=$(log_ms $standby "Role STANDBY -> ACTIVE" "$t0")
    echo "cut $i ($what): after 3 s gw-$active $ra, gw-$standby $rs; 'path down' lines in gw-$standby's log so far $down;" \
         "takeover $([ -n "$took" ] && echo YES || echo no)"
    if [ -n "$took" ] || [ "$ra" != ACTIVE ]; then cut_takeovers=$((cut_takeovers + 1)); echo "FAIL cut $i ($what)"; failures=$((failures + 1)); fi
    sleep 2
  done
done

# ---- the active fully isolated (no peer, no broker), then the network healed, ISOLATE_TRIALS times ----------------
# Both of its links down (the LAN to the bridge, so the broker too, and the cable): the standby must take over (the
# lease not renewed, or the will); the isolated node must step down on its own (step.down.millis). After 2 s the links
# come back: measured from there until the pair is steady (one ACTIVE, one STANDBY), sampling for two ACTIVE. Counted
# after the heal (by then the new active took over and had its first message acknowledged, and had replayed the
# replica): messages with the isolated node's ids that reached the broker (by arrival at the clocked subscriber), and
# its broker connections as the pair since the cut: both must be 0 (goal: nothing published by a deposed node after
# the new active's first acknowledged message).
deposed_published() { # node from-ms -> distinct messages of that node's producer that reached the broker from then
  awk -v t="$2" -v p="\"id\":\"e2e-$1-" '{ split($1, s, "."); ms = s[1] * 1000 + substr(s[2], 1, 3)
      if (ms >= t && (i = index($0, p)) > 0) { id = substr($0, i + 6); sub(/".*/, "", id); n[id] = 1 } }
      END { print length(n) + 0 }' "$WORK/sub-ts.out" 2>/dev/null || echo '?'
}
iso_takeover=(); iso_ack=(); iso_stepdown=(); iso_heal=(); iso_both=0; iso_published=0; iso_conns=0
for i in $(seq 1 "$ISOLATE_TRIALS"); do
  begin_trial
  broker_lines=$(wc -l < "$WORK/mosquitto.log")
  t0=$(now_ms)
  in_ns "$(ns_of $active)" ip link set ha-$active-lan down; in_ns "$(ns_of $active)" ip link set ha-$active-cab down
  end=$(( t0 + 30000 ))
  while [ "$(role $standby)" != ACTIVE ] && [ "$(now_ms)" -lt $end ]; do sleep 0.05; done
  sleep 2     # isolated, the new active publishing
  sact=$(log_ms $standby "Role STANDBY -> ACTIVE" "$t0"); sdown=$(log_ms $active "Role ACTIVE -> DEMOTED" "$t0")
  sack=$([ -n "$sact" ] && first_ack_ms "$sact" || true)
  th=$(now_ms)
  in_ns "$(ns_of $active)" ip link set ha-$active-lan up; in_ns "$(ns_of $active)" ip link set ha-$active-cab up
  both=0; steady=""; end=$(( th + 60000 ))
  while [ "$(now_ms)" -lt $end ]; do
    ra=$(role $active); rs=$(role $standby)
    [ "$ra" = ACTIVE ] && [ "$rs" = ACTIVE ] && both=$((both + 1))
    if [ "$rs" = ACTIVE ] && [ "$ra" = STANDBY ]; then steady=$(now_ms); break; fi
    sleep 0.05
  done
  sleep 2; burst off
  lost=$(await_delivered "$t0")   # accepted before the isolation
  published=$(deposed_published $active "$th")
  conns=$(tail -n +$(( broker_lines + 1 )) "$WORK/mosquitto.log" | grep -c "New client connected from 10.77.0.$([ $active = a ] && echo 1 || echo 2):[0-9]* as cabinet-77 " || true)
  held=$(awk -v t="$t0" '$2 != "refused" && $2 >= t' "$WORK/e2e/accepted-$active.log" 2>/dev/null | wc -l)
  [ -n "$sact" ] && iso_takeover+=($(( sact - t0 ))); [ -n "$sack" ] && iso_ack+=($(( sack - sact )))
  [ -n "$sdown" ] && iso_stepdown+=($(( sdown - t0 ))); [ -n "$steady" ] && iso_heal+=($(( steady - th )))
  iso_both=$(( iso_both + both )); iso_published=$(( iso_published + published )); iso_conns=$(( iso_conns + conns ))
  echo "isolate $i: gw-$active cut from peer and broker; it stepped down after $([ -n "$sdown" ] && echo $(( sdown - t0 )) || echo '?') ms;" \
       "gw-$standby ACTIVE after $([ -n "$sact" ] && echo $(( sact - t0 )) || echo '?') ms, its first message acknowledged" \
       "$([ -n "$sack" ] && echo $(( sack - sact )) || echo '?') ms after that; healed: one ACTIVE (gw-$standby) and gw-$active" \
       "STANDBY after $([ -n "$steady" ] && echo $(( steady - th )) || echo '?') ms; both ACTIVE seen $both time(s); gw-$active's" \
       "messages reaching the broker after the heal $published, its broker connections since the cut $conns (it accepted" \
       "$held while cut, kept in its own queue); lost (accepted before the cut) $lost"
  if [ -z "$sact" ] || [ -z "$steady" ] || [ "$both" != 0 ] || [ "$published" != 0 ] || [ "$conns" != 0 ] || [ "$lost" != 0 ]; then
    echo "FAIL isolate $i"; failures=$((failures + 1))
  fi
done

# ---- both nodes started at once, START_TRIALS times: exactly one ACTIVE -----------------------------------------
start_elect=(); start_bad=0; start_winner=""
for i in $(seq 1 "$START_TRIALS"); do
  kill -9 ${PID[a]:-} ${PID[b]:-} 2>/dev/null || true; unset "PID[a]" "PID[b]"; sleep 1
  t0=$(now_ms)
  start a; start b
  both=0; end=$(( t0 + 120000 )); steady=""
  while [ "$(now_ms)" -lt $end ]; do
    ra=$(role a); rb=$(role b)
    [ "$ra" = ACTIVE ] && [ "$rb" = ACTIVE ] && both=$((both + 1))
    if { [ "$ra" = ACTIVE ] && [ "$rb" = STANDBY ]; } || { [ "$rb" = ACTIVE ] && [ "$ra" = STANDBY ]; }; then
      steady=$([ "$ra" = ACTIVE ] && echo a || echo b); break
    fi
    sleep 0.05
  done
  # from the logs: every transition to ACTIVE in either node since the start (exactly one expected), and the time
  # from the first node's pair component starting to the first ACTIVE (startup.wait.millis = 500 by default)
  actives=$(count_lines "$t0" "$(now_ms)" "Role .* -> ACTIVE" a b)
  pa=$(log_ms a "Pair cabinet-77 as node" "$t0"); pb=$(log_ms b "Pair cabinet-77 as node" "$t0")
  first_pair=$(printf '%s\n' $pa $pb | sort -n | head -1); last_pair=$(printf '%s\n' $pa $pb | sort -n | tail -1)
  first_active=$(printf "%s\n" $(log_ms a " -> ACTIVE" "$t0") $(log_ms b " -> ACTIVE" "$t0") | sort -n | head -1)
  elect=$([ -n "$first_active" ] && [ -n "$first_pair" ] && echo $(( first_active - first_pair )) || echo '?')
  [ "$elect" != '?' ] && start_elect+=("$elect")
  start_winner="$start_winner${steady:-?}"
  echo "start $i: both started; steady after $(( $(now_ms) - t0 )) ms with gw-${steady:-?} ACTIVE; pair components" \
       "$(( ${last_pair:-0} - ${first_pair:-0} )) ms apart; first ACTIVE ${elect} ms after the first one came up;" \
       "transitions to ACTIVE $actives; both ACTIVE seen $both time(s)"
  if [ -z "$steady" ] || [ "$both" != 0 ] || [ "$actives" != 1 ]; then
    start_bad=$((start_bad + 1)); echo "FAIL start $i"; failures=$((failures + 1))
  fi
done

# ---- throughput: a standby in sync against standalone ---------------------------------------------------------
throughput() { # label node tag -> delivered messages/s at mosquitto_sub over THROUGHPUT_SECONDS (PROFILE=1: and
  local before after t_before t_after # where the node's publishers wait, $WORK/profile-<tag>.txt; jstack slows it)
  BURST_PAUSE_MS=0 burst on
  sleep 2   # warm up
  before=$(received_all | wc -l); t_before=$(now_ms)
  if [ "${PROFILE:-0}" = 1 ]; then profile_publishers "$2" "$THROUGHPUT_SECONDS" > "$WORK/profile-$3.txt"
  else sleep "$THROUGHPUT_SECONDS"; fi
  after=$(received_all | wc -l); t_after=$(now_ms)
  burst off
  # a role change during the measurement (a starved machine: heartbeats and lease renewals late) makes it no figure
  # of a steady pair: said beside it
  local changes; changes=$(count_lines $(( t_before - 2000 )) "$t_after" "Role .* -> " a b)
  echo "$1: $(( (after - before) * 1000 / (t_after - t_before) )) messages/s delivered (THREADS=$THREADS publishers)$(
      [ "$changes" -gt 0 ] && [ "$3" = pair ] && echo "; INVALID: $changes role change(s) during the measurement")"
}
# where the publishers spend their time (PROFILE=1): a jstack sample of the acting node every ~0.2 s during the
# measurement; each producer thread counted by the innermost known frame on its stack
profile_publishers() { # a|b seconds -> one line: share of producer-thread samples per place
  local pid=${PID[$1]} end=$(( $(now_ms) + $2 * 1000 ))
  while [ "$(now_ms)" -lt $end ]; do jstack "$pid" 2>/dev/null || true; sleep 0.2; done | awk '
    /^"/ { inp = ($0 ~ /^"ha-e2e-producer/); c = ""; next }
    inp && c == "" && /ReplicationSender.accepted|ReplicationSender.await/ { c = "waiting for the standby" }
    inp && c == "" && /SegmentedLog.appendAndWait|SegmentedLog.awaitStored/ { c = "waiting for the local group commit" }
    inp && c == "" && /BurstProducer.write/ { c = "the producer writing its log" }
    inp && c == "" && /Thread.sleep/ { c = "sleeping (no burst)" }
    inp && /^$/ { if (c == "") c = "elsewhere (encoding, running, a lock)"; n[c]++; inp = 0 }
    END { t = 0; for (k in n) t += n[k]; for (k in n) printf "  %5.1f %%  %s\n", 100 * n[k] / t, k; printf "  (%d samples of producer threads)\n", t }'
}
tp_pair=""; tp_alone=""
if [ "$THROUGHPUT_SECONDS" -gt 0 ]; then
  # restart both with THREADS publishers each
  kill -9 ${PID[a]:-} ${PID[b]:-} 2>/dev/null || true; unset "PID[a]" "PID[b]"; sleep 1
  PRODUCERS=$THREADS start a; PRODUCERS=$THREADS start b
  active=$(await_steady); await_in_sync $active || failures=$((failures + 1))
  tp_pair=$(throughput "pair, standby in sync (synchronous replication)" $active pair)
  await_delivered > /dev/null
  kill -9 ${PID[a]:-} ${PID[b]:-} 2>/dev/null || true; unset "PID[a]" "PID[b]"; sleep 1
  # the same node alone: no pair configured (STANDALONE), the same uplink, broker and producer
  # (its own data directory: a fresh start, the producer installed again)
  sed '/"org.cabinetgw.ha"/,$d' "$WORK/$active.json" | sed '$ s/},$/}}/' > "$WORK/alone-$active.json"
  PRODUCERS=$THREADS SITE_PREFIX=alone- start $active
  install_producer $active
  end=$(( $(now_ms) + 120000 ))
  while [ "$(role $active)" != STANDALONE ] && [ "$(now_ms)" -lt $end ]; do sleep 0.2; done
  tp_alone=$(throughput "gw-$active standalone (no pair)" $active alone)
fi

# ---- keepalived in the same namespaces ---------------------------------------------------------------------
keepalived_run() { # label advert version
  local label=$1 advert=$2 version=$3 times=()
  for x in a b; do
    local ns=$([ $x = a ] && echo $NS_A || echo $NS_B) prio=$([ $x = a ] && echo 200 || echo 100)
    cat > "$WORK/ka-$x.conf" <<EOF
global_defs { vrrp_version $version
  script_user root
  enable_script_security }
vrrp_instance cab { interface ha-$x-lan
  state BACKUP
  virtual_router_id 77
  priority $prio
  advert_int $advert
  nopreempt
  virtual_ipaddress { 10.77.0.100/24 }
  notify_master "/bin/sh -c 'date +%s%N > $WORK/ka-$x.master'" }
EOF
  done
  for i in $(seq 1 "$KEEPALIVED_TRIALS"); do
    rm -f "$WORK"/ka-*.master "$WORK"/ka-*.pid
    for x in a b; do
      local ns=$([ $x = a ] && echo $NS_A || echo $NS_B)
      ip netns exec $ns keepalived -n -l -D -f "$WORK/ka-$x.conf" -p "$WORK/ka-$x.pid" -r "$WORK/ka-$x.vrrp.pid" \
          >> "$WORK/ka-$x.log" 2>&1 &
      PID[ka$x]=$!
    done
    local end=$(( $(now_ms) + 30000 )) master=""
    while [ -z "$master" ] && [ "$(now_ms)" -lt $end ]; do
      for x in a b; do [ -s "$WORK/ka-$x.master" ] && master=$x; done; sleep 0.05
    done
    [ -n "$master" ] || { echo "keepalived: no master"; break; }
    local backup=$([ $master = a ] && echo b || echo a)
    sleep 2
    local ns=$([ $master = a ] && echo $NS_A || echo $NS_B)
    local t0; t0=$(now_ms)
    # the VRRP child first: killed after its parent, it would still send its "priority 0" goodbye, and the backup
    # would take over at once, which is not what a dead master does
    for p in $(ip netns pids $ns | sort -rn); do
      [ "$(cat /proc/$p/comm 2>/dev/null)" = keepalived ] && kill -9 $p
    done
    end=$(( t0 + 30000 ))
    while [ ! -s "$WORK/ka-$backup.master" ] && [ "$(now_ms)" -lt $end ]; do sleep 0.01; done
    if [ -s "$WORK/ka-$backup.master" ]; then
      times+=($(( $(cat "$WORK/ka-$backup.master") / 1000000 - t0 )))
    fi
    for x in a b; do
      local n2=$([ $x = a ] && echo $NS_A || echo $NS_B)
      for p in $(ip netns pids $n2); do [ "$(cat /proc/$p/comm 2>/dev/null)" = keepalived ] && kill -9 $p; done
      unset "PID[ka$x]"
    done
    sleep 0.5
  done
  if [ ${#times[@]} -gt 0 ]; then stats "keepalived $label: kill -9 of the master -> backup MASTER" "${times[@]}"; fi
}

echo
echo "== results (interval 20 ms, timeout 80 ms; load average: $(cut -d' ' -f1-3 /proc/loadavg)) =="
[ ${#detect[@]} -gt 0 ] && stats "cabinetgw: kill -9 of the active -> peer declared dead" "${detect[@]}"
[ ${#takeover[@]} -gt 0 ] && stats "cabinetgw: kill -9 of the active -> standby ACTIVE" "${takeover[@]}"
[ ${#first_ack[@]} -gt 0 ] && stats "cabinetgw: kill -9: standby ACTIVE -> first message acknowledged" "${first_ack[@]}"
[ ${#kill_ack[@]} -gt 0 ] && stats "cabinetgw: kill -9 of the active -> first message acknowledged" "${kill_ack[@]}"
[ ${#replayed_all[@]} -gt 0 ] && echo "cabinetgw: replayed at each takeover: ${replayed_all[*]}"
echo "cabinetgw: kill -9 trials: messages accepted $kill_accepted, received $kill_received ($kill_distinct distinct)," \
     "lost $kill_lost, duplicates $(( kill_received - kill_distinct ))"
[ ${#stop_detect[@]} -gt 0 ] && stats "cabinetgw: SIGSTOP of the active -> peer declared dead" "${stop_detect[@]}"
[ ${#stop_takeover[@]} -gt 0 ] && stats "cabinetgw: SIGSTOP of the active -> standby ACTIVE" "${stop_takeover[@]}"
[ ${#stop_ack[@]} -gt 0 ] && stats "cabinetgw: SIGSTOP: standby ACTIVE -> first message acknowledged" "${stop_ack[@]}"
[ ${#resume_demote[@]} -gt 0 ] && stats "cabinetgw: SIGCONT of the frozen active -> DEMOTED" "${resume_demote[@]}"
echo "cabinetgw: SIGSTOP/SIGCONT: both ACTIVE seen $both_active time(s); broker connections of the resumed node: ${conns_all:-0};" \
     "messages the resumed node accepted and the broker received: $stalled_published;" \
     "accepted by it after resuming and held in its own queue until it acts again: ${stranded_all:-0}"
[ ${#switch_times[@]} -gt 0 ] && stats "cabinetgw: switchover/orderly stop -> the other ACTIVE" "${switch_times[@]}" \
  && echo "cabinetgw: switchover/stop under load: both ACTIVE seen $switch_both time(s); never delivered at the end: ${switch_lost:-?}"
[ ${#restart_sync[@]} -gt 0 ] && stats "cabinetgw: standby restarted -> IN_SYNC again (from its start)" "${restart_sync[@]}"
[ "$CUT_TRIALS" -gt 0 ] && echo "cabinetgw: heartbeat paths cut ($CUT_TRIALS x cable, $CUT_TRIALS x LAN, $CUT_TRIALS x every path): takeovers or a lost active $cut_takeovers"
[ ${#iso_takeover[@]} -gt 0 ] && stats "cabinetgw: active isolated -> standby ACTIVE" "${iso_takeover[@]}"
[ ${#iso_stepdown[@]} -gt 0 ] && stats "cabinetgw: active isolated -> it stepped down (DEMOTED)" "${iso_stepdown[@]}"
[ ${#iso_ack[@]} -gt 0 ] && stats "cabinetgw: isolated: standby ACTIVE -> first message acknowledged" "${iso_ack[@]}"
[ ${#iso_heal[@]} -gt 0 ] && stats "cabinetgw: isolation healed -> one ACTIVE, the other STANDBY" "${iso_heal[@]}"
[ "$ISOLATE_TRIALS" -gt 0 ] && echo "cabinetgw: isolation x$ISOLATE_TRIALS: both ACTIVE seen $iso_both time(s); messages of the" \
  "deposed node reaching the broker after the heal: $iso_published; its broker connections as the pair: $iso_conns"
[ ${#start_elect[@]} -gt 0 ] && stats "cabinetgw: both started at once -> first ACTIVE (from the first pair start)" "${start_elect[@]}" \
  && echo "cabinetgw: both started at once x$START_TRIALS: trials without exactly one ACTIVE $start_bad; winners $start_winner"
[ -n "$tp_pair" ] && echo "$tp_pair" && echo "$tp_alone"
if [ "${PROFILE:-0}" = 1 ] && [ -n "$tp_pair" ]; then
  echo "where the publishers of the pair's active waited (jstack samples):"; cat "$WORK/profile-pair.txt"
  echo "where the publishers of the standalone node waited:"; cat "$WORK/profile-alone.txt"
fi
if command -v keepalived > /dev/null; then
  kill -9 ${PID[a]:-} ${PID[b]:-} 2>/dev/null || true; unset "PID[a]" "PID[b]"
  keepalived_run "defaults (VRRPv2, advert 1 s)" 1 2
  keepalived_run "advert 0.1 s (VRRPv3)" 0.1 3
else
  echo "keepalived is not installed: no comparison (apt-get install keepalived)"
fi
echo "logs: $WORK"
[ $failures = 0 ] || { echo "$failures trial(s) FAILED"; exit 1; }
