// Placeholder until the spotCheck panel lands in this change.
export {};
