import { describe, expect, it } from "vitest";
import { criterion, formatValue, parseValue } from "./criteria";

describe("criteria as typed", () => {
  it("reads numbers, yes/no, lists and text", () => {
    expect(parseValue(">=", "50")).toBe(50);
    expect(parseValue("=", "yes")).toBe(true);
    expect(parseValue("in", "EMEA, APAC")).toEqual(["EMEA", "APAC"]);
    expect(parseValue("=", "Closed Won")).toBe("Closed Won");
    expect(parseValue("exists", "anything")).toBeUndefined();
  });

  it("structures a criterion only when a field and operator are given", () => {
    expect(criterion(" Budget confirmed ", "", "", "")).toEqual({ text: "Budget confirmed" });
    expect(criterion("", "lead_score", ">=", "50")).toEqual({
      text: "lead_score >= 50",
      field: "lead_score",
      op: ">=",
      value: 50,
    });
    expect(criterion("Has a champion", "champion", "exists", "")).toEqual({
      text: "Has a champion",
      field: "champion",
      op: "exists",
    });
  });

  it("shows values back as they were typed", () => {
    expect(formatValue(["EMEA", 3])).toBe("EMEA, 3");
    expect(formatValue(false)).toBe("no");
    expect(formatValue(undefined)).toBe("");
  });
});
