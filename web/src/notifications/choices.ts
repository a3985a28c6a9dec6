/** Quick choices for "until when" (snooze, do-not-disturb), on the browser's own clock. */
export interface TimeChoice {
  label: string;
  until: Date;
}

/** Tomorrow at 9:00 local time. */
export function tomorrowMorning(now: Date): Date {
  const at = new Date(now);
  at.setDate(at.getDate() + 1);
  at.setHours(9, 0, 0, 0);
  return at;
}

export function snoozeChoices(now: Date): TimeChoice[] {
  return [
    { label: "1 hour", until: new Date(now.getTime() + 3_600_000) },
    { label: "Tomorrow 9:00", until: tomorrowMorning(now) },
  ];
}

export function doNotDisturbChoices(now: Date): TimeChoice[] {
  return [
    { label: "1 hour", until: new Date(now.getTime() + 3_600_000) },
    { label: "Until tomorrow 9:00", until: tomorrowMorning(now) },
  ];
}
