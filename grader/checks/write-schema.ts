// `npm run schema`: writes the check kinds' fragments into exercises/schema.json.
import { schemaFile, writeSchema } from './schema.js';

writeSchema();
process.stdout.write(`wrote ${schemaFile()}\n`);
