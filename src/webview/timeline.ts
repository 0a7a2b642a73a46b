// Placeholder until the timeline panel lands in this change.
export {};
