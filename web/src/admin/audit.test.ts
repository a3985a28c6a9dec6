import { describe, expect, it } from "vitest";
import { describeChanges } from "./audit";

const teams = new Map([[1, "Support"], [2, "Field Ops"]]);
const teamName = (id: number) => teams.get(id) ?? `Team ${id}`;

describe("describeChanges", () => {
  it("names teams, roles and states", () => {
    expect(describeChanges({ teamIds: [[2], [1, 2]], role: ["agent", "manager"] }, teamName))
      .toEqual(["Teams: Field Ops → Support, Field Ops", "Role: Agent → Manager"]);
    expect(describeChanges({ teamId: [null, 1] }, teamName)).toEqual(["Team: none → Support"]);
    expect(describeChanges({ active: [true, false] }, teamName)).toEqual(["State: active → deactivated"]);
    expect(describeChanges({ archived: [false, true], teamId: [2, 9] }, teamName)).toEqual(["State: open → archived", "Team: Field Ops → Team 9"]);
  });

  it("shows what it does not know as it comes, and nothing for no changes", () => {
    expect(describeChanges({ colour: ["red", { hue: 2 }] }, teamName)).toEqual(['colour: red → {"hue":2}']);
    expect(describeChanges({}, teamName)).toEqual([]);
    expect(describeChanges(null, teamName)).toEqual([]);
  });
});
