# Sourced by the bench scripts: the app's rate-limit arguments, in RATE_LIMIT_ARGS.
# The limiter stays on — its cost is part of what a benchmark measures — with budgets no run can spend: a benchmark is
# one token asking thousands of times a second, not a tenant. BENCH_LIMITER=off (bench/run.sh --no-limiter) turns it
# off, to measure that cost side by side.
if [ "${BENCH_LIMITER:-on}" = off ]; then
  RATE_LIMIT_ARGS=(--RateLimits:Enabled false)
else
  RATE_LIMIT_ARGS=()
  for budget in Reads Actions Uploads Anonymous; do
    RATE_LIMIT_ARGS+=("--RateLimits:$budget:Burst" 1000000 "--RateLimits:$budget:PerPeriod" 1000000)
  done
fi
