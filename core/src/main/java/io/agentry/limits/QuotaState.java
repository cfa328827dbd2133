package io.agentry.limits;

import java.time.Duration;

/**
 * A quota as an admission left it.
 *
 * @param remaining  units left in the window (after counting this request when it was admitted); 0 when
 *                   the quota refused
 * @param resetAfter when the quota next has room: for a refused quota, the wait until it would admit a
 *                   request; otherwise until the oldest counted unit leaves the window (the whole window
 *                   when nothing is counted)
 * @param refused    this quota alone would have refused the request
 */
public record QuotaState(Quota quota, long remaining, Duration resetAfter, boolean refused) {
}
