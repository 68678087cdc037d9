/** Words the seed builds names, addresses and notes from. No quotes or backslashes: see sql.ts. */

/** Countries with one of their IANA time zones. */
export const countries: ReadonlyArray<readonly [string, string]> = [
  ["ES", "Europe/Madrid"],
  ["FR", "Europe/Paris"],
  ["DE", "Europe/Berlin"],
  ["IT", "Europe/Rome"],
  ["PT", "Europe/Lisbon"],
  ["GB", "Europe/London"],
  ["IE", "Europe/Dublin"],
  ["NL", "Europe/Amsterdam"],
  ["BE", "Europe/Brussels"],
  ["CH", "Europe/Zurich"],
  ["AT", "Europe/Vienna"],
  ["PL", "Europe/Warsaw"],
  ["SE", "Europe/Stockholm"],
  ["MX", "America/Mexico_City"],
  ["AR", "America/Argentina/Buenos_Aires"],
  ["CL", "America/Santiago"],
  ["CO", "America/Bogota"],
  ["US", "America/New_York"],
  ["CA", "America/Toronto"],
  ["BR", "America/Sao_Paulo"],
];

/** Place names for sites; the site search looks one of them up. */
export const places = [
  "Harbour", "Central", "North", "South", "East", "West", "Airport", "Station", "Riverside", "Hillside",
  "Old Town", "Campus", "Plaza", "Market", "Park", "Lakeside", "Downtown", "Uptown", "Bay", "Valley",
  "Castle", "Bridge", "Forest", "Garden", "Tower", "Quay", "Mill", "Square", "Cross", "Gate",
  "Meadow", "Ridge", "Port", "Marina", "Heights", "Fields", "Grove", "Abbey", "Dock", "Crescent",
];

export const siteKinds = [
  "Office", "Warehouse", "Clinic", "School", "Gym", "Hotel", "Residence", "Factory", "Store", "Parking",
  "Laboratory", "Library", "Studio", "Depot", "Data Centre", "Coworking", "Pharmacy", "Bank Branch", "Museum", "Stadium",
];

export const companyWords = [
  "Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Vandelay", "Wonka", "Tyrell",
  "Cyberdyne", "Soylent", "Gringotts", "Oceanic", "Aperture", "Massive", "Dynamic", "Nimbus", "Vertex", "Summit",
];

export const companySuffixes = ["Security", "Systems", "Access", "Integrations", "Networks", "Solutions", "Technologies", "Group", "Services", "Partners"];

export const firstNames = [
  "Ana", "Luis", "Marta", "Javier", "Lucia", "Pablo", "Elena", "Carlos", "Sofia", "Diego",
  "Claire", "Pierre", "Anna", "Jonas", "Giulia", "Marco", "Emma", "Liam", "Olivia", "Noah",
];

export const lastNames = [
  "Garcia", "Martinez", "Lopez", "Sanchez", "Perez", "Gomez", "Martin", "Dubois", "Moreau", "Schmidt",
  "Weber", "Rossi", "Bianchi", "Silva", "Santos", "Smith", "Jones", "Brown", "Novak", "Berg",
];

export const notes = [
  "",
  "",
  "",
  "Main entrance and two service doors.",
  "Door controllers on floors 2 to 4; reception has the master badge.",
  "Customer pays yearly; renew credits before the summer closure.",
  "Night shift uses PIN codes only.",
  "Contact the facility manager before any change to the schedules.",
  "Parking barrier and lift access included.",
  "Second building joins next quarter.",
  "Moved from the old on-premise system in spring.",
];
