#!/usr/bin/env bash
# End-to-end test of `lrnn slurm` against a real SLURM on this machine (run as root, after the build):
#  1. installs Debian's slurm-wlm and munge when missing (apt-get);
#  2. starts munged, slurmctld and slurmd with a single-node configuration (2 CPUs) in a temp folder,
#     on their own ports and munge socket, so a system SLURM or munge is not touched;
#  3. submits a 3-task array for fig5 and figA5 at quick scale with `lrnn slurm --submit`, and waits;
#  4. checks that the assembly computed no point and that its outputs equal a local unsharded run;
#  5. stops the daemons it started and removes the temp folder.
# Usage: test/slurm/run.sh   (CI: .ci/run)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
t0=$(date +%s)
say() { printf 'slurm test: %s\n' "$*" >&2; }

if [ "$(id -u)" != 0 ]; then say "needs root (it starts slurmctld, slurmd and munged)"; exit 2; fi
[ -f dist/src/cli/main.js ] || { say "build first (npm run build)"; exit 2; }
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null || ! command -v sbatch >/dev/null; then
  say "installing slurm-wlm and munge"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
fi

WORK=$(mktemp -d /tmp/lrnn-slurm.XXXXXX)
chmod 755 "$WORK"
PIDS=()
cleanup() {
  local status=$?
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ "$status" != 0 ]; then
    say "FAILED; daemon and job logs:"
    for f in "$WORK"/*.log "$WORK"/jobs/*.out; do [ -f "$f" ] && { echo "== $f"; tail -n 40 "$f"; }; done >&2
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT

HOST=$(hostname -s)
mkdir -p "$WORK/state" "$WORK/spool" "$WORK/munge"
chmod 700 "$WORK/munge"
dd if=/dev/urandom of="$WORK/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$WORK/munge/munge.key"
MUNGE_SOCKET="$WORK/munge/munge.socket"
munged --foreground --force --key-file="$WORK/munge/munge.key" --socket="$MUNGE_SOCKET" \
  --pid-file="$WORK/munge/munged.pid" --log-file="$WORK/munged.log" --seed-file="$WORK/munge/seed" >>"$WORK/munged.out" 2>&1 &
PIDS+=($!)

# Free ports for the two daemons.
read -r CTLD_PORT SLURMD_PORT < <(node -e "
const net=require('net');const get=()=>new Promise(r=>{const s=net.createServer();s.listen(0,'127.0.0.1',()=>{const p=s.address().port;s.close(()=>r(p));});});
Promise.all([get(),get()]).then(([a,b])=>console.log(a,b));")

export SLURM_CONF="$WORK/slurm.conf"
: > "$WORK/plugstack.conf"
cat > "$SLURM_CONF" <<CONF
ClusterName=lrnntest
SlurmctldHost=$HOST
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$MUNGE_SOCKET
CredType=cred/munge
PlugStackConfig=$WORK/plugstack.conf
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
ReturnToService=2
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/slurmctld.pid
SlurmdPidFile=$WORK/slurmd.pid
SlurmctldLogFile=$WORK/slurmctld.log
SlurmdLogFile=$WORK/slurmd.log
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MailProg=/bin/true
MinJobAge=600
NodeName=$HOST CPUs=2 State=UNKNOWN
PartitionName=lrnn Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF

for _ in $(seq 50); do [ -S "$MUNGE_SOCKET" ] && break; sleep 0.1; done
slurmctld -D -i -f "$SLURM_CONF" >>"$WORK/slurmctld.log" 2>&1 &
PIDS+=($!)
slurmd -D -f "$SLURM_CONF" >>"$WORK/slurmd.log" 2>&1 &
PIDS+=($!)
for i in $(seq 100); do
  state=$(sinfo -h -o %t 2>/dev/null || true)
  [ "$state" = idle ] && break
  [ "$i" = 100 ] && { say "node did not become idle (state '$state')"; exit 1; }
  sleep 0.3
done
say "SLURM up in $(( $(date +%s) - t0 )) s"

# The array and its assembly job.
out=$(node bin/lrnn slurm fig5 figA5 --quick --array 3 --cpus-per-task 1 --time 00:20:00 \
  --cache "$WORK/cache" --out "$WORK/assembled" --dir "$WORK/jobs" --submit)
echo "$out" >&2
array=$(sed -n 's/.*array job \([0-9]*\).*/\1/p' <<<"$out")
assemble=$(sed -n 's/.*assembly job \([0-9]*\).*/\1/p' <<<"$out")
[ -n "$array" ] && [ -n "$assemble" ] || { say "could not read the job ids"; exit 1; }
for i in $(seq 1200); do
  [ -z "$(squeue -h -j "$array,$assemble" 2>/dev/null)" ] && break
  [ "$i" = 1200 ] && { say "jobs still queued after 10 min"; exit 1; }
  sleep 0.5
done
jobstate() { scontrol show job "$1" | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | sort -u | tr '\n' ' '; }
[ "$(jobstate "$array")" = "COMPLETED " ] || { say "array job: $(jobstate "$array")"; exit 1; }
[ "$(jobstate "$assemble")" = "COMPLETED " ] || { say "assembly job: $(jobstate "$assemble")"; exit 1; }
say "jobs done at $(( $(date +%s) - t0 )) s"

# Every shard computed some points; the assembly none.
for k in 1 2 3; do
  grep -q 'shard '"$k"'/3: points [1-9][0-9]* computed' "$WORK"/jobs/lrnn-shard-"${array}_$k".out \
    || { say "shard $k computed nothing"; cat "$WORK"/jobs/lrnn-shard-"${array}_$k".out >&2; exit 1; }
done
grep -q '^points: 0 computed' "$WORK"/jobs/lrnn-assemble-"$assemble".out || { say "the assembly computed points"; exit 1; }

# A local unsharded run gives the same figures.
node bin/lrnn repro fig5 figA5 --quick --no-cache --out "$WORK/local" --quiet || true
for id in fig5 figA5; do
  for ext in png svg vl.json; do cmp "$WORK/local/$id.$ext" "$WORK/assembled/$id.$ext"; done
  node -e "
const fs=require('fs');const strip=(p)=>{const j=JSON.parse(fs.readFileSync(p,'utf8'));for(const k of ['elapsedMs','provenance','points'])delete j[k];return JSON.stringify(j);};
if(strip(process.argv[1])!==strip(process.argv[2])){console.error('JSON numbers differ: '+process.argv[1]);process.exit(1);}" "$WORK/local/$id.json" "$WORK/assembled/$id.json"
done
[ -f "$WORK/assembled/REPORT.md" ] || { say "the assembly wrote no report"; exit 1; }
say "PASS: 3-task array for fig5 and figA5 equals the local run; wall time $(( $(date +%s) - t0 )) s"
