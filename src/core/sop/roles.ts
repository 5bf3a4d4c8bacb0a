/** Head nouns of roles in procedures of every kind; a team's own words come from the `roleWords` setting. */
export const ROLE_HEADS =
  'approver|reviewer|maintainer|committer|owner|lead|manager|commander|shepherd|head|member|team|committee|board|council|panel|' +
  'group|department|dept|desk|officer|director|admin|administrator|supervisor|author|assignee|engineer|developer|auditor|chair|chairperson|' +
  'steward|sponsor|coordinator|controller|treasurer|secretary|accountant|analyst|specialist|counsel|lawyer|attorney|founder|president|' +
  'responder|on-call|oncall|deputy|liaison|architect|tester|signatory|signatories|representative|delegate|designee|custodian|' +
  'principal|partner|pharmacist|physician|nurse|dispatcher|foreman|editor|staff|employee|colleague|boss|customer|client|vendor|' +
  'qa|pm|pmc|ic|cfo|ceo|coo|cto|cio|ciso|vp|qmo';
