// Executions this tab just submitted: the executions list shows and follows them at once, before
// its first read of the list, so even a run that ends within milliseconds is seen going through
// each state (the event stream replays its history).
const submitted = [];

export function rememberSubmitted(execution) {
  submitted.unshift(execution);
  submitted.length = Math.min(submitted.length, 10);
}

export function takeSubmitted() {
  return submitted.splice(0, submitted.length);
}
