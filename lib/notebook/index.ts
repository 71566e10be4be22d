export { startNotebook, type NotebookContext } from "./start.js";
