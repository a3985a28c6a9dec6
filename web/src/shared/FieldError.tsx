/** The server's 400 message for one field (ProblemDetails `errors`, keys matched without regard to case), shown next
 * to that field. */
export function fieldError(errors: Record<string, string[]>, field: string): string | null {
  const key = Object.keys(errors).find(k => k.toLowerCase() === field.toLowerCase());
  return key ? errors[key].join(" ") : null;
}

export function FieldError({ errors, field }: { errors: Record<string, string[]>; field: string }) {
  const message = fieldError(errors, field);
  return message ? <span className="error field-error" role="alert" data-field={field}>{message}</span> : null;
}
